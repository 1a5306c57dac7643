import type { KeyboardEvent, Ref } from 'react';
import { describedBy } from './field-ids';
import { FieldMessages } from './FieldMessages';
import './form.css';

export interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  /** Renders a <textarea> with this many rows instead of an <input>. */
  rows?: number;
  type?: 'text' | 'date' | 'month' | 'time' | 'url' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal';
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
  testId?: string;
  className?: string;
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement & HTMLTextAreaElement>) => void;
}

/**
 * A labelled text input. It always holds exactly what was typed: parsing and
 * validation happen elsewhere, so invalid input is never thrown away.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  rows,
  type = 'text',
  inputMode,
  placeholder,
  required,
  autoComplete = 'off',
  testId,
  className,
  inputRef,
  onKeyDown,
}: TextFieldProps) {
  const common = {
    id,
    value,
    placeholder,
    required,
    autoComplete,
    'data-testid': testId,
    className: 'ui-field__control',
    onKeyDown,
    ...describedBy(id, error, hint),
  };
  return (
    <div className={['ui-field', error ? 'ui-field--invalid' : '', className ?? ''].join(' ')}>
      <label className="ui-field__label" htmlFor={id}>
        {label}
      </label>
      {rows ? (
        <textarea
          {...common}
          ref={inputRef}
          rows={rows}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          {...common}
          ref={inputRef}
          type={type}
          inputMode={inputMode}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      <FieldMessages inputId={id} error={error} hint={hint} />
    </div>
  );
}

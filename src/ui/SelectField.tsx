import type { Ref } from 'react';
import { describedBy } from './field-ids';
import { FieldMessages } from './FieldMessages';
import './form.css';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectOptionGroup {
  label: string;
  options: SelectOption[];
}

export interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: (SelectOption | SelectOptionGroup)[];
  /** Shown as the empty choice (value ''); omit when a value is always chosen. */
  emptyLabel?: string;
  error?: string | undefined;
  hint?: string | undefined;
  testId?: string;
  className?: string;
  selectRef?: Ref<HTMLSelectElement>;
}

function isGroup(option: SelectOption | SelectOptionGroup): option is SelectOptionGroup {
  return 'options' in option;
}

/** A labelled native <select>: keyboard-operable and typeahead-searchable as is. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  emptyLabel,
  error,
  hint,
  testId,
  className,
  selectRef,
}: SelectFieldProps) {
  return (
    <div className={['ui-field', error ? 'ui-field--invalid' : '', className ?? ''].join(' ')}>
      <label className="ui-field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        ref={selectRef}
        className="ui-field__control"
        value={value}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
        {...describedBy(id, error, hint)}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((option) =>
          isGroup(option) ? (
            <optgroup key={option.label} label={option.label}>
              {option.options.map((inner) => (
                <option key={inner.value} value={inner.value}>
                  {inner.label}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ),
        )}
      </select>
      <FieldMessages inputId={id} error={error} hint={hint} />
    </div>
  );
}

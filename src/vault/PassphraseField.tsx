import type { Ref } from 'react';

export interface PassphraseFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  /** current-password to unlock, new-password when choosing one. */
  autoComplete: 'current-password' | 'new-password';
  autoFocus?: boolean;
  disabled?: boolean;
  invalid?: boolean;
  /** Ids of the hint, meter or error that describe this field. */
  describedBy?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled password input; spell checking is off so the passphrase never reaches a dictionary. */
export function PassphraseField({
  id,
  label,
  value,
  onChange,
  testId,
  autoComplete,
  autoFocus,
  disabled,
  invalid,
  describedBy,
  inputRef,
}: PassphraseFieldProps) {
  return (
    <div className="field vault-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="control"
        type="password"
        value={value}
        autoComplete={autoComplete}
        // The unlock screen has one job; focusing its only field is what the user expects.
        autoFocus={autoFocus}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        disabled={disabled}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

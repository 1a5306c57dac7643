import { describedBy } from './field-ids';
import { FieldMessages } from './FieldMessages';
import type { SelectOption } from './SelectField';
import './form.css';

export interface CheckboxGroupProps {
  id: string;
  legend: string;
  options: SelectOption[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  error?: string | undefined;
  hint?: string | undefined;
  /** Options to leave out of view (filtered away) while keeping them checked. */
  hidden?: ReadonlySet<string>;
  columns?: 1 | 2 | 3;
}

/** Checkboxes in a fieldset; the checked values keep the order of `options`. */
export function CheckboxGroup({
  id,
  legend,
  options,
  values,
  onChange,
  error,
  hint,
  hidden,
  columns = 2,
}: CheckboxGroupProps) {
  const toggle = (value: string, checked: boolean) => {
    const next = new Set(values);
    if (checked) next.add(value);
    else next.delete(value);
    onChange(options.map((option) => option.value).filter((option) => next.has(option)));
  };
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={['ui-checkboxes', error ? 'ui-field--invalid' : ''].join(' ')}
      // aria-invalid is not allowed on a group; the error is announced through describedby.
      aria-describedby={describedBy(id, error, hint)['aria-describedby']}
    >
      <legend className="ui-field__label">{legend}</legend>
      <div className={`ui-checkboxes__grid ui-checkboxes__grid--${columns}`}>
        {options
          .filter((option) => !hidden?.has(option.value))
          .map((option) => {
            const optionId = `${id}-${option.value}`;
            return (
              <div key={option.value} className="ui-checkbox">
                <input
                  type="checkbox"
                  id={optionId}
                  checked={values.includes(option.value)}
                  onChange={(event) => toggle(option.value, event.target.checked)}
                />
                <label htmlFor={optionId}>{option.label}</label>
              </div>
            );
          })}
      </div>
      <FieldMessages inputId={id} error={error} hint={hint} />
    </fieldset>
  );
}

import { useTranslation } from 'react-i18next';
import { focusField } from '../../ui/field-ids';
import type { FieldError } from '../../ui/form-validation';
import { useErrorText } from '../../ui/useErrorText';
import { fieldLabelKeys } from './field-label';

/** A field's name for the summary: "Group 2 — Count". */
export function useFieldName(): (field: string) => string {
  const { t } = useTranslation('editor');
  return (field) => {
    const { row, key } = fieldLabelKeys(field);
    const name = t(key);
    return row ? `${t(row.key, { n: row.n })} — ${name}` : name;
  };
}

/** The problems that keep the incident from being saved, each a link to its field. */
export function ErrorSummary({
  errors,
  fieldId,
}: {
  errors: readonly FieldError[];
  fieldId: (field: string) => string;
}) {
  const { t } = useTranslation('editor');
  const fieldName = useFieldName();
  const errorText = useErrorText();
  if (errors.length === 0) return null;
  return (
    <section className="editor-error-summary" aria-labelledby="editor-error-summary-heading">
      <h2 id="editor-error-summary-heading" className="editor-error-summary__heading">
        {t('errorSummary.title', { count: errors.length })}
      </h2>
      <p className="editor-error-summary__text">{t('errorSummary.draftKept')}</p>
      <ul className="editor-error-summary__list">
        {errors.map((error) => (
          <li key={error.field}>
            <button
              type="button"
              className="ui-link-button"
              onClick={() => focusField(fieldId(error.field))}
            >
              {fieldName(error.field)}: {errorText(error.message)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

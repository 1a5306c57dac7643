import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import type { SectionProps } from './section-props';

/** How the record itself is handled: confidentiality, status, internal notes. */
export function RecordSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const confidentiality = useVocabOptions('confidentiality');
  const statuses = useVocabOptions('status');

  return (
    <section className="editor-section" aria-labelledby="editor-record-heading">
      <h2 className="editor-section__heading" id="editor-record-heading">
        {t('sections.record')}
      </h2>
      <div className="editor-grid">
        <SelectField
          id={fieldId('confidentiality')}
          label={t('fields.confidentiality')}
          value={form.confidentiality}
          options={confidentiality}
          onChange={(value) => update((current) => ({ ...current, confidentiality: value }))}
          error={errorFor('confidentiality')}
        />
        <SelectField
          id={fieldId('status')}
          label={t('fields.status')}
          value={form.status}
          options={statuses}
          onChange={(status) => update((current) => ({ ...current, status }))}
          error={errorFor('status')}
        />
        <TextField
          id={fieldId('notes')}
          label={t('fields.notes')}
          hint={t('hints.notes')}
          rows={4}
          value={form.notes}
          onChange={(notes) => update((current) => ({ ...current, notes }))}
          error={errorFor('notes')}
          className="ui-field--wide"
        />
      </div>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { removeAt, replaceAt } from '../../ui/list-edit';
import { RepeatingSection } from '../../ui/RepeatingSection';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import { emptyProceedingRow, type ProceedingRow } from './incident-form';
import type { SectionProps } from './section-props';

/** Court cases: the court, case number, charges, sentence, a fine or damages claimed. */
export function ProceedingsSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const currencies = useVocabOptions('currency');
  const setRow = (index: number, patch: Partial<ProceedingRow>) =>
    update((current) => ({
      ...current,
      proceedings: replaceAt(current.proceedings, index, patch),
    }));
  const field = (index: number, name: keyof ProceedingRow) => `proceedings.${index}.${name}`;

  return (
    <section className="editor-section" aria-labelledby="editor-proceedings-heading">
      <h2 className="editor-section__heading" id="editor-proceedings-heading">
        {t('sections.proceedings')}
      </h2>
      <RepeatingSection
        id={fieldId('proceedings')}
        legend={t('fields.proceedings.legend')}
        legendHidden
        rows={form.proceedings}
        emptyText={t('fields.proceedings.empty')}
        rowLegend={(index) => t('fields.proceedings.row', { n: index + 1 })}
        removeLabel={(index) => t('fields.proceedings.remove', { n: index + 1 })}
        onRemove={(index) =>
          update((current) => ({ ...current, proceedings: removeAt(current.proceedings, index) }))
        }
        addLabel={t('fields.proceedings.add')}
        addTestId="add-proceeding"
        onAdd={() => {
          const index = form.proceedings.length;
          update((current) => ({
            ...current,
            proceedings: [...current.proceedings, emptyProceedingRow()],
          }));
          return fieldId(field(index, 'court'));
        }}
        renderRow={(row, index) => (
          <>
            <TextField
              id={fieldId(field(index, 'court'))}
              label={t('fields.proceedings.court')}
              value={row.court}
              onChange={(court) => setRow(index, { court })}
              error={errorFor(field(index, 'court'))}
              className="editor-span-2"
            />
            <TextField
              id={fieldId(field(index, 'caseNumber'))}
              label={t('fields.proceedings.caseNumber')}
              value={row.caseNumber}
              onChange={(caseNumber) => setRow(index, { caseNumber })}
              error={errorFor(field(index, 'caseNumber'))}
            />
            <TextField
              id={fieldId(field(index, 'date'))}
              label={t('fields.proceedings.date')}
              type="date"
              value={row.date}
              onChange={(date) => setRow(index, { date })}
              error={errorFor(field(index, 'date'))}
            />
            <TextField
              id={fieldId(field(index, 'charges'))}
              label={t('fields.proceedings.charges')}
              hint={t('hints.charges')}
              rows={2}
              value={row.charges}
              onChange={(charges) => setRow(index, { charges })}
              error={errorFor(field(index, 'charges'))}
              className="ui-field--wide"
            />
            <TextField
              id={fieldId(field(index, 'sentence'))}
              label={t('fields.proceedings.sentence')}
              value={row.sentence}
              onChange={(sentence) => setRow(index, { sentence })}
              error={errorFor(field(index, 'sentence'))}
              className="ui-field--wide"
            />
            <TextField
              id={fieldId(field(index, 'amount'))}
              label={t('fields.proceedings.amount')}
              hint={t('hints.amount')}
              inputMode="decimal"
              value={row.amount}
              onChange={(amount) => setRow(index, { amount })}
              error={errorFor(field(index, 'amount'))}
            />
            <SelectField
              id={fieldId(field(index, 'currency'))}
              label={t('fields.proceedings.currency')}
              value={row.currency}
              options={currencies}
              onChange={(currency) => setRow(index, { currency })}
              error={errorFor(field(index, 'currency'))}
            />
            <TextField
              id={fieldId(field(index, 'note'))}
              label={t('fields.proceedings.note')}
              value={row.note}
              onChange={(note) => setRow(index, { note })}
              error={errorFor(field(index, 'note'))}
              className="ui-field--wide"
            />
          </>
        )}
      />
    </section>
  );
}

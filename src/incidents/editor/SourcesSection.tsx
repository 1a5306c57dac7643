import { useTranslation } from 'react-i18next';
import { removeAt, replaceAt } from '../../ui/list-edit';
import { RepeatingSection } from '../../ui/RepeatingSection';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import { emptySourceRow, type SourceRow } from './incident-form';
import type { SectionProps } from './section-props';

/** Where the information comes from, how reliable it is, and whether it may be shared. */
export function SourcesSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const types = useVocabOptions('sourceType');
  const reliability = useVocabOptions('reliability');
  const consent = useVocabOptions('consent');
  const setRow = (index: number, patch: Partial<SourceRow>) =>
    update((current) => ({ ...current, sources: replaceAt(current.sources, index, patch) }));
  const field = (index: number, name: keyof SourceRow) => `sources.${index}.${name}`;

  return (
    <section className="editor-section" aria-labelledby="editor-sources-heading">
      <h2 className="editor-section__heading" id="editor-sources-heading">
        {t('sections.sources')}
      </h2>
      <RepeatingSection
        id={fieldId('sources')}
        legend={t('fields.sources.legend')}
        legendHidden
        rows={form.sources}
        emptyText={t('fields.sources.empty')}
        rowLegend={(index) => t('fields.sources.row', { n: index + 1 })}
        removeLabel={(index) => t('fields.sources.remove', { n: index + 1 })}
        onRemove={(index) =>
          update((current) => ({ ...current, sources: removeAt(current.sources, index) }))
        }
        addLabel={t('fields.sources.add')}
        addTestId="add-source"
        onAdd={() => {
          const index = form.sources.length;
          update((current) => ({ ...current, sources: [...current.sources, emptySourceRow()] }));
          return fieldId(field(index, 'type'));
        }}
        renderRow={(row, index) => (
          <>
            <SelectField
              id={fieldId(field(index, 'type'))}
              label={t('fields.sources.type')}
              value={row.type}
              emptyLabel={t('fields.chooseOne')}
              options={types}
              onChange={(type) => setRow(index, { type })}
              error={errorFor(field(index, 'type'))}
            />
            <TextField
              id={fieldId(field(index, 'date'))}
              label={t('fields.sources.date')}
              type="date"
              value={row.date}
              onChange={(date) => setRow(index, { date })}
              error={errorFor(field(index, 'date'))}
            />
            <SelectField
              id={fieldId(field(index, 'reliability'))}
              label={t('fields.sources.reliability')}
              value={row.reliability}
              options={reliability}
              onChange={(value) => setRow(index, { reliability: value })}
              error={errorFor(field(index, 'reliability'))}
            />
            <SelectField
              id={fieldId(field(index, 'consent'))}
              label={t('fields.sources.consent')}
              value={row.consent}
              options={consent}
              onChange={(value) => setRow(index, { consent: value })}
              error={errorFor(field(index, 'consent'))}
            />
            <TextField
              id={fieldId(field(index, 'reference'))}
              label={t('fields.sources.reference')}
              hint={t('hints.reference')}
              value={row.reference}
              onChange={(reference) => setRow(index, { reference })}
              error={errorFor(field(index, 'reference'))}
              className="ui-field--wide"
            />
          </>
        )}
      />
    </section>
  );
}

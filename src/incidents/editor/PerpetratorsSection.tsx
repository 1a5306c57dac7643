import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Actor } from '../../domain/actor';
import { removeAt, replaceAt } from '../../ui/list-edit';
import { RepeatingSection } from '../../ui/RepeatingSection';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import { emptyPerpetratorRow, type PerpetratorRow } from './incident-form';
import type { SectionProps } from './section-props';

/** Who is responsible: a type, optionally a named court or official on record. */
export function PerpetratorsSection({
  form,
  update,
  errorFor,
  fieldId,
  actors,
}: SectionProps & { actors: readonly Actor[] }) {
  const { t, i18n } = useTranslation('editor');
  const types = useVocabOptions('perpetrator');
  const actorOptions = useMemo(() => {
    const collator = new Intl.Collator(i18n.language);
    return actors
      .map((actor) => ({ value: actor.id, label: actor.name }))
      .sort((a, b) => collator.compare(a.label, b.label));
  }, [actors, i18n.language]);
  const setRow = (index: number, patch: Partial<PerpetratorRow>) =>
    update((current) => ({
      ...current,
      perpetrators: replaceAt(current.perpetrators, index, patch),
    }));

  return (
    <section className="editor-section" aria-labelledby="editor-perpetrators-heading">
      <h2 className="editor-section__heading" id="editor-perpetrators-heading">
        {t('sections.perpetrators')}
      </h2>
      <RepeatingSection
        id={fieldId('perpetrators')}
        legend={t('fields.perpetrators.legend')}
        legendHidden
        rows={form.perpetrators}
        emptyText={t('fields.perpetrators.empty')}
        rowLegend={(index) => t('fields.perpetrators.row', { n: index + 1 })}
        removeLabel={(index) => t('fields.perpetrators.remove', { n: index + 1 })}
        onRemove={(index) =>
          update((current) => ({
            ...current,
            perpetrators: removeAt(current.perpetrators, index),
          }))
        }
        addLabel={t('fields.perpetrators.add')}
        addTestId="add-perpetrator"
        onAdd={() => {
          const index = form.perpetrators.length;
          update((current) => ({
            ...current,
            perpetrators: [...current.perpetrators, emptyPerpetratorRow()],
          }));
          return fieldId(`perpetrators.${index}.type`);
        }}
        renderRow={(row, index) => (
          <>
            <SelectField
              id={fieldId(`perpetrators.${index}.type`)}
              label={t('fields.perpetrators.type')}
              value={row.type}
              emptyLabel={t('fields.chooseOne')}
              options={types}
              onChange={(type) => setRow(index, { type })}
              error={errorFor(`perpetrators.${index}.type`)}
            />
            <SelectField
              id={fieldId(`perpetrators.${index}.actorId`)}
              label={t('fields.perpetrators.actorId')}
              value={row.actorId}
              emptyLabel={t('fields.perpetrators.noActor')}
              options={actorOptions}
              onChange={(actorId) => setRow(index, { actorId })}
              error={errorFor(`perpetrators.${index}.actorId`)}
            />
            <TextField
              id={fieldId(`perpetrators.${index}.description`)}
              label={t('fields.perpetrators.description')}
              value={row.description}
              onChange={(description) => setRow(index, { description })}
              error={errorFor(`perpetrators.${index}.description`)}
              className="ui-field--wide"
            />
          </>
        )}
      />
    </section>
  );
}

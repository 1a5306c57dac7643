import { useTranslation } from 'react-i18next';
import { removeAt, replaceAt } from '../../ui/list-edit';
import { RepeatingSection } from '../../ui/RepeatingSection';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import { emptyGroupRow, type GroupRow } from './incident-form';
import type { SectionProps } from './section-props';

/** People not recorded one by one: "105 detained", "about 300 participants". */
export function GroupsSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const outcomes = useVocabOptions('groupOutcome');
  const qualifiers = useVocabOptions('countQualifier');
  const setRow = (index: number, patch: Partial<GroupRow>) =>
    update((current) => ({ ...current, groups: replaceAt(current.groups, index, patch) }));

  return (
    <section className="editor-section" aria-labelledby="editor-groups-heading">
      <h2 className="editor-section__heading" id="editor-groups-heading">
        {t('sections.groups')}
      </h2>
      <RepeatingSection
        id={fieldId('groups')}
        legend={t('fields.groups.legend')}
        legendHidden
        rows={form.groups}
        emptyText={t('fields.groups.empty')}
        rowLegend={(index) => t('fields.groups.row', { n: index + 1 })}
        removeLabel={(index) => t('fields.groups.remove', { n: index + 1 })}
        onRemove={(index) =>
          update((current) => ({ ...current, groups: removeAt(current.groups, index) }))
        }
        addLabel={t('fields.groups.add')}
        addTestId="add-group"
        onAdd={() => {
          const index = form.groups.length;
          update((current) => ({ ...current, groups: [...current.groups, emptyGroupRow()] }));
          return fieldId(`groups.${index}.outcome`);
        }}
        renderRow={(row, index) => (
          <>
            <SelectField
              id={fieldId(`groups.${index}.outcome`)}
              label={t('fields.groups.outcome')}
              value={row.outcome}
              emptyLabel={t('fields.chooseOne')}
              options={outcomes}
              onChange={(outcome) => setRow(index, { outcome })}
              error={errorFor(`groups.${index}.outcome`)}
            />
            <TextField
              id={fieldId(`groups.${index}.count`)}
              label={t('fields.groups.count')}
              inputMode="numeric"
              value={row.count}
              onChange={(count) => setRow(index, { count })}
              error={errorFor(`groups.${index}.count`)}
            />
            <SelectField
              id={fieldId(`groups.${index}.qualifier`)}
              label={t('fields.groups.qualifier')}
              value={row.qualifier}
              options={qualifiers}
              onChange={(qualifier) => setRow(index, { qualifier })}
              error={errorFor(`groups.${index}.qualifier`)}
            />
            <TextField
              id={fieldId(`groups.${index}.description`)}
              label={t('fields.groups.description')}
              value={row.description}
              onChange={(description) => setRow(index, { description })}
              error={errorFor(`groups.${index}.description`)}
              className="ui-field--wide"
            />
          </>
        )}
      />
    </section>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../domain/regions';
import { SelectField, type SelectOptionGroup } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import type { SectionProps } from './section-props';

/**
 * The region choices: the two cities of republican significance first, then
 * each oblast followed by its towns, labels in the UI language.
 */
function useRegionGroups(): SelectOptionGroup[] {
  const { t, i18n } = useTranslation(['editor', 'vocab']);
  return useMemo(() => {
    const label = (id: string) => t(`vocab:region.${id}`);
    const collator = new Intl.Collator(i18n.language);
    const byLabel = (a: { label: string }, b: { label: string }) =>
      collator.compare(a.label, b.label);
    const republican = REGIONS.filter((region) => region.kind === 'republican_city')
      .map((region) => ({ value: region.id, label: label(region.id) }))
      .sort(byLabel);
    const oblasts = REGIONS.filter((region) => region.kind === 'oblast')
      .map((oblast) => ({
        label: label(oblast.id),
        options: [
          {
            value: oblast.id,
            label: t('editor:fields.location.wholeOblast', { name: label(oblast.id) }),
          },
          ...REGIONS.filter((region) => region.kind === 'city' && region.oblast === oblast.id)
            .map((city) => ({ value: city.id, label: label(city.id) }))
            .sort(byLabel),
        ],
      }))
      .sort(byLabel);
    return [
      { label: t('editor:fields.location.republicanCities'), options: republican },
      ...oblasts,
    ];
  }, [t, i18n.language]);
}

/** Where it happened. */
export function LocationSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const regionGroups = useRegionGroups();
  const setLocation = (patch: Partial<typeof form.location>) =>
    update((current) => ({ ...current, location: { ...current.location, ...patch } }));

  return (
    <section className="editor-section" aria-labelledby="editor-location-heading">
      <h2 className="editor-section__heading" id="editor-location-heading">
        {t('sections.location')}
      </h2>
      <div className="editor-grid">
        <SelectField
          id={fieldId('location.region')}
          label={t('fields.location.region')}
          value={form.location.region}
          emptyLabel={t('fields.location.regionUnknown')}
          options={regionGroups}
          onChange={(region) => setLocation({ region })}
          error={errorFor('location.region')}
        />
        <TextField
          id={fieldId('location.settlement')}
          label={t('fields.location.settlement')}
          value={form.location.settlement}
          onChange={(settlement) => setLocation({ settlement })}
          error={errorFor('location.settlement')}
        />
        <TextField
          id={fieldId('location.place')}
          label={t('fields.location.place')}
          hint={t('hints.place')}
          value={form.location.place}
          onChange={(place) => setLocation({ place })}
          error={errorFor('location.place')}
          className="ui-field--wide"
        />
        <TextField
          id={fieldId('location.lat')}
          label={t('fields.location.lat')}
          inputMode="decimal"
          value={form.location.lat}
          onChange={(lat) => setLocation({ lat })}
          error={errorFor('location.lat')}
        />
        <TextField
          id={fieldId('location.lon')}
          label={t('fields.location.lon')}
          inputMode="decimal"
          value={form.location.lon}
          onChange={(lon) => setLocation({ lon })}
          error={errorFor('location.lon')}
        />
      </div>
    </section>
  );
}

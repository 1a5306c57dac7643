import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../domain/regions';
import { CATEGORIES, STATUSES, VIOLATION_TYPES } from '../../domain/vocabularies';
import { groupRegions } from './region-groups';
import {
  isFiltered,
  oneOf,
  withFilter,
  withoutFilters,
  type ListViewState,
} from './list-view-state';

export interface FilterBarProps {
  view: ListViewState;
  onChange: (view: ListViewState) => void;
}

/** One labelled control per filter; choosing "all" clears that filter. */
export function FilterBar({ view, onChange }: FilterBarProps) {
  const { t, i18n } = useTranslation(['list', 'vocab']);
  const id = useId();
  const language = i18n.language;
  const collator = useMemo(() => new Intl.Collator(language), [language]);

  const regionLabel = (regionId: string) => t(`vocab:region.${regionId}`);
  const regionGroups = groupRegions(REGIONS, regionLabel, collator);
  const byLabel = <T extends string>(vocabulary: string, ids: readonly T[]) => {
    const label = (value: string): string => t(`vocab:${vocabulary}.${value}`);
    return [...ids].sort((a, b) => collator.compare(label(a), label(b)));
  };

  const filtersSet = isFiltered({ ...view, query: '' });

  return (
    <fieldset className="filters">
      <legend className="visually-hidden">{t('list:filters.label')}</legend>

      <div className="field">
        <label className="field__label" htmlFor={`${id}-category`}>
          {t('list:filters.category')}
        </label>
        <select
          id={`${id}-category`}
          className="control"
          value={view.category}
          onChange={(event) =>
            onChange(withFilter(view, 'category', oneOf(CATEGORIES, event.target.value)))
          }
        >
          <option value="">{t('list:filters.allCategories')}</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`vocab:category.${category}`)}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label className="field__label" htmlFor={`${id}-violation`}>
          {t('list:filters.violation')}
        </label>
        <select
          id={`${id}-violation`}
          className="control"
          value={view.violation}
          onChange={(event) =>
            onChange(withFilter(view, 'violation', oneOf(VIOLATION_TYPES, event.target.value)))
          }
        >
          <option value="">{t('list:filters.allViolations')}</option>
          {byLabel('violation', VIOLATION_TYPES).map((violation) => (
            <option key={violation} value={violation}>
              {t(`vocab:violation.${violation}`)}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label className="field__label" htmlFor={`${id}-region`}>
          {t('list:filters.region')}
        </label>
        <select
          id={`${id}-region`}
          className="control"
          value={view.region}
          onChange={(event) => onChange(withFilter(view, 'region', event.target.value))}
        >
          <option value="">{t('list:filters.allRegions')}</option>
          {regionGroups.map((group) => (
            <optgroup
              key={group.key}
              label={
                group.key === 'republican'
                  ? t('list:filters.republicanCities')
                  : regionLabel(group.key)
              }
            >
              {group.regionIds.map((regionId) => (
                <option key={regionId} value={regionId}>
                  {regionId === group.key
                    ? t('list:filters.wholeOblast', { oblast: regionLabel(regionId) })
                    : regionLabel(regionId)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>

      <div className="field">
        <label className="field__label" htmlFor={`${id}-status`}>
          {t('list:filters.status')}
        </label>
        <select
          id={`${id}-status`}
          className="control"
          value={view.status}
          onChange={(event) =>
            onChange(withFilter(view, 'status', oneOf(STATUSES, event.target.value)))
          }
        >
          <option value="">{t('list:filters.allStatuses')}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`vocab:status.${status}`)}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label className="field__label" htmlFor={`${id}-from`}>
          {t('list:filters.dateFrom')}
        </label>
        <input
          id={`${id}-from`}
          className="control"
          type="date"
          value={view.dateFrom}
          max={view.dateTo || undefined}
          onChange={(event) => onChange(withFilter(view, 'dateFrom', event.target.value))}
        />
      </div>

      <div className="field">
        <label className="field__label" htmlFor={`${id}-to`}>
          {t('list:filters.dateTo')}
        </label>
        <input
          id={`${id}-to`}
          className="control"
          type="date"
          value={view.dateTo}
          min={view.dateFrom || undefined}
          onChange={(event) => onChange(withFilter(view, 'dateTo', event.target.value))}
        />
      </div>

      <div className="filters__actions">
        <button
          type="button"
          className="button button--quiet"
          disabled={!filtersSet}
          onClick={() => onChange(withoutFilters(view))}
        >
          {t('list:filters.clear')}
        </button>
      </div>
    </fieldset>
  );
}

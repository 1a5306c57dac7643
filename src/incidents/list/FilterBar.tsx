import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIONS } from '../../domain/regions';
import { CATEGORIES, STATUSES, VIOLATION_TYPES } from '../../domain/vocabularies';
import { parseFilterDate, type FilterEdge } from './filter-date';
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

      <DateFilterField
        id={`${id}-from`}
        hintId={`${id}-date-hint`}
        label={t('list:filters.dateFrom')}
        value={view.dateFrom}
        edge="start"
        onChange={(value) => onChange(withFilter(view, 'dateFrom', value))}
      />
      <DateFilterField
        id={`${id}-to`}
        hintId={`${id}-date-hint`}
        label={t('list:filters.dateTo')}
        value={view.dateTo}
        edge="end"
        onChange={(value) => onChange(withFilter(view, 'dateTo', value))}
      />

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

      <p id={`${id}-date-hint`} className="filters__hint">
        {t('list:filters.dateHint')}
      </p>
    </fieldset>
  );
}

interface DateFilterFieldProps {
  id: string;
  hintId: string;
  label: string;
  value: string;
  edge: FilterEdge;
  onChange: (value: string) => void;
}

/** A typed date limit; says so next to the field when what was typed is not a date. */
function DateFilterField({ id, hintId, label, value, edge, onChange }: DateFilterFieldProps) {
  const { t } = useTranslation('list');
  // Half-typed dates are not errors: judge the field once the user leaves it.
  const [editing, setEditing] = useState(false);
  const invalid = !editing && parseFilterDate(value, edge) === null;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="control"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('filters.datePlaceholder')}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${errorId} ${hintId}` : hintId}
        value={value}
        onFocus={() => setEditing(true)}
        onBlur={() => setEditing(false)}
        onChange={(event) => onChange(event.target.value)}
      />
      {invalid && (
        <p id={errorId} className="field__error">
          {t('filters.dateInvalid')}
        </p>
      )}
    </div>
  );
}

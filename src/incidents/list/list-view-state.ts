import type { Category, Status, ViolationType } from '../../domain/vocabularies';
import type { IncidentFilters } from '../search/incident-filters';
import { parseFilterDate } from './filter-date';

/** Rows added per "show more": enough to fill a screen, few enough to render instantly. */
export const PAGE_SIZE = 50;

/**
 * What the list screen shows: the search text as typed, one value per filter
 * ('' for any) and how many rows are revealed. Kept by the shell so that
 * opening an incident and coming back finds the list as it was left.
 */
export interface ListViewState {
  query: string;
  category: Category | '';
  violation: ViolationType | '';
  region: string;
  /** The date filters as typed ("2017", "03.2017", "18.03.2017"); see filter-date.ts. */
  dateFrom: string;
  dateTo: string;
  status: Status | '';
  visible: number;
}

export const INITIAL_LIST_VIEW: ListViewState = {
  query: '',
  category: '',
  violation: '',
  region: '',
  dateFrom: '',
  dateTo: '',
  status: '',
  visible: PAGE_SIZE,
};

const asList = <T extends string>(value: T | ''): T[] => (value === '' ? [] : [value]);

/**
 * The search index's filters for this view; `text` is the debounced search
 * text. A date that cannot be read does not filter (the field says why).
 */
export function toIncidentFilters(view: ListViewState, text: string): IncidentFilters {
  return {
    text: text.trim(),
    categories: asList(view.category),
    violations: asList(view.violation),
    regions: asList(view.region),
    dateFrom: parseFilterDate(view.dateFrom, 'start') ?? '',
    dateTo: parseFilterDate(view.dateTo, 'end') ?? '',
    statuses: asList(view.status),
  };
}

/** Whether anything narrows the list (the "clear filters" button and the empty message depend on it). */
export function isFiltered(view: ListViewState): boolean {
  return (
    view.query.trim() !== '' ||
    view.category !== '' ||
    view.violation !== '' ||
    view.region !== '' ||
    view.dateFrom !== '' ||
    view.dateTo !== '' ||
    view.status !== ''
  );
}

type FilterField = Exclude<keyof ListViewState, 'visible'>;

/** A new view with one filter changed; the list starts again from its first page. */
export function withFilter<K extends FilterField>(
  view: ListViewState,
  field: K,
  value: ListViewState[K],
): ListViewState {
  return { ...view, [field]: value, visible: PAGE_SIZE };
}

/** Every filter cleared, the search text kept (it is cleared in the search box itself). */
export function withoutFilters(view: ListViewState): ListViewState {
  return { ...INITIAL_LIST_VIEW, query: view.query };
}

export function withMoreRows(view: ListViewState, total: number): ListViewState {
  return { ...view, visible: Math.min(total, view.visible + PAGE_SIZE) };
}

/** `value` if it is one of `allowed`, else '' (any): a select's value, typed without a cast. */
export function oneOf<T extends string>(allowed: readonly T[], value: string): T | '' {
  return (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

import type { Category, Status, ViolationType } from '../../domain/vocabularies';

/**
 * What the incident list filters on. Within one filter any selected value
 * matches (OR); different filters must all match (AND). Empty means "any".
 */
export interface IncidentFilters {
  /** Free text; every whitespace-separated term must occur (AND), in any script. */
  text: string;
  categories: Category[];
  violations: ViolationType[];
  /** Region ids; an oblast also matches the cities in it. */
  regions: string[];
  /** 'YYYY-MM-DD' or '' (open). */
  dateFrom: string;
  /** 'YYYY-MM-DD' or '' (open), inclusive. */
  dateTo: string;
  statuses: Status[];
}

export const NO_FILTERS: IncidentFilters = Object.freeze({
  text: '',
  categories: [],
  violations: [],
  regions: [],
  dateFrom: '',
  dateTo: '',
  statuses: [],
}) as IncidentFilters;

/** Whether any filter other than free text is set (damaged records cannot be judged by those). */
export function hasStructuredFilter(filters: IncidentFilters): boolean {
  return (
    filters.categories.length > 0 ||
    filters.violations.length > 0 ||
    filters.regions.length > 0 ||
    filters.statuses.length > 0 ||
    filters.dateFrom !== '' ||
    filters.dateTo !== ''
  );
}

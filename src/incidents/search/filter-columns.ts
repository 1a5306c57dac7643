import type { EventDate } from '../../domain/incident';
import { REGIONS, findRegion } from '../../domain/regions';
import { CATEGORIES, STATUSES, VIOLATION_TYPES } from '../../domain/vocabularies';
import { eventDateInterval, partialDateBounds } from './date-interval';
import { hasStructuredFilter, type IncidentFilters } from './incident-filters';
import type { IncidentSummary } from './incident-summary';

/**
 * What the structured filters read, one typed array per field, indexed by a
 * record's slot. Checking 100,000 records then touches a few small arrays in
 * sequence instead of chasing 100,000 objects around the heap, which was the
 * bulk of a filter's cost.
 */

/** 'YYYY-MM-DD' as the number YYYYMMDD (same order); 0 for ''. */
export function dayNumber(day: string): number {
  return day
    ? Number(day.slice(0, 4)) * 10_000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10))
    : 0;
}

function bitsOf<T>(vocabulary: readonly T[], values: readonly T[]): number {
  let bits = 0;
  for (const value of values) {
    const at = vocabulary.indexOf(value);
    if (at >= 0) bits |= 1 << at;
  }
  return bits;
}

/** 1 + index in REGIONS, so 0 means "no region". */
const REGION_CODE = new Map(REGIONS.map((region, i) => [region.id, i + 1]));

/** 1 + index in REGIONS of the oblast a region id lies in (0 when it has none). */
const OBLAST_CODE = new Map(
  REGIONS.map((region) => [region.id, REGION_CODE.get(findRegion(region.id)?.oblast ?? '') ?? 0]),
);

/** First and last day (as dayNumber) a date covers; null when undated. */
function datedDays(date: EventDate): [number, number] | null {
  const interval = eventDateInterval(date);
  return interval ? [dayNumber(interval.from), dayNumber(interval.to)] : null;
}

/**
 * Every filter column, one value per slot, as a snapshot stores them. The
 * codes name positions in the vocabularies and regions; FILTER_CODES says
 * which, so a snapshot made under other vocabularies is not used.
 */
export interface FilterColumnArrays {
  flags: Uint8Array<ArrayBuffer>;
  categories: Uint8Array<ArrayBuffer>;
  violations: Int32Array<ArrayBuffer>;
  statuses: Uint8Array<ArrayBuffer>;
  region: Uint8Array<ArrayBuffer>;
  oblast: Uint8Array<ArrayBuffer>;
  dayFrom: Int32Array<ArrayBuffer>;
  dayTo: Int32Array<ArrayBuffer>;
}

/** What the codes in the columns stand for, as text: a stored column is valid only under the same. */
export const FILTER_CODES = JSON.stringify([
  CATEGORIES,
  VIOLATION_TYPES,
  STATUSES,
  REGIONS.map((region) => [region.id, OBLAST_CODE.get(region.id) ?? 0]),
]);

const FLAG_OK = 1;
const FLAG_DATED = 2;

export class FilterColumns {
  private flags = new Uint8Array(0);
  private categories = new Uint8Array(0);
  private violations = new Int32Array(0);
  private statuses = new Uint8Array(0);
  private region = new Uint8Array(0);
  private oblast = new Uint8Array(0);
  private dayFrom = new Int32Array(0);
  private dayTo = new Int32Array(0);

  /** Columns loaded as they were stored (they become this object's own: not copied). */
  static fromArrays(arrays: FilterColumnArrays): FilterColumns {
    const columns = new FilterColumns();
    columns.flags = arrays.flags;
    columns.categories = arrays.categories;
    columns.violations = arrays.violations;
    columns.statuses = arrays.statuses;
    columns.region = arrays.region;
    columns.oblast = arrays.oblast;
    columns.dayFrom = arrays.dayFrom;
    columns.dayTo = arrays.dayTo;
    return columns;
  }

  /** The values of `slots`, in that order: slot `slots[k]` of this index becomes slot k. */
  pick(slots: ArrayLike<number>): FilterColumnArrays {
    const count = slots.length;
    const picked: FilterColumnArrays = {
      flags: new Uint8Array(count),
      categories: new Uint8Array(count),
      violations: new Int32Array(count),
      statuses: new Uint8Array(count),
      region: new Uint8Array(count),
      oblast: new Uint8Array(count),
      dayFrom: new Int32Array(count),
      dayTo: new Int32Array(count),
    };
    for (const name of Object.keys(picked) as (keyof FilterColumnArrays)[]) {
      const from = this[name];
      const into = picked[name];
      for (let at = 0; at < count; at += 1) into[at] = from[slots[at] as number] ?? 0;
    }
    return picked;
  }

  /**
   * Stores what the filters need of an incident, from its summary (which
   * holds every filtered field); a damaged record's summary clears the slot.
   */
  set(slot: number, summary: IncidentSummary): void {
    this.ensureCapacity(slot + 1);
    if (!summary.ok || !summary.date || !summary.status) {
      this.flags[slot] = 0;
      this.categories[slot] = 0;
      this.violations[slot] = 0;
      this.statuses[slot] = 0;
      this.region[slot] = 0;
      this.oblast[slot] = 0;
      this.dayFrom[slot] = 0;
      this.dayTo[slot] = 0;
      return;
    }
    const days = datedDays(summary.date);
    const regionId = summary.region;
    this.flags[slot] = FLAG_OK | (days ? FLAG_DATED : 0);
    this.categories[slot] = bitsOf(CATEGORIES, summary.categories);
    this.violations[slot] = bitsOf(VIOLATION_TYPES, summary.violations);
    this.statuses[slot] = bitsOf(STATUSES, [summary.status]);
    this.region[slot] = REGION_CODE.get(regionId) ?? 0;
    this.oblast[slot] = OBLAST_CODE.get(regionId) ?? 0;
    this.dayFrom[slot] = days ? days[0] : 0;
    this.dayTo[slot] = days ? days[1] : 0;
  }

  /**
   * A test of one slot against the structured part of `filters` (text aside).
   * Within a filter any selected value passes; all filters must pass. A
   * damaged record fails every structured filter: it cannot be judged by one.
   */
  matcher(filters: IncidentFilters): (slot: number) => boolean {
    if (!hasStructuredFilter(filters)) return () => true;
    const { flags, categories, violations, statuses, region, oblast, dayFrom, dayTo } = this;
    const categoryBits = bitsOf(CATEGORIES, filters.categories);
    const violationBits = bitsOf(VIOLATION_TYPES, filters.violations);
    const statusBits = bitsOf(STATUSES, filters.statuses);
    const anyCategory = filters.categories.length === 0;
    const anyViolation = filters.violations.length === 0;
    const anyStatus = filters.statuses.length === 0;
    // accepted[code] = 1 for each selected region; an oblast also admits its cities via `oblast`.
    const accepted = new Uint8Array(REGIONS.length + 1);
    for (const id of filters.regions) accepted[REGION_CODE.get(id) ?? 0] = 1;
    accepted[0] = 0;
    const anyRegion = filters.regions.length === 0;
    // A bound given as a year or month covers all of it; an unreadable bound is left open.
    const from = dayNumber(partialDateBounds(filters.dateFrom)?.from ?? '');
    const to = dayNumber(partialDateBounds(filters.dateTo)?.to ?? '') || Number.MAX_SAFE_INTEGER;
    const anyDate = filters.dateFrom === '' && filters.dateTo === '';

    return (slot) => {
      const flag = flags[slot] as number;
      if ((flag & FLAG_OK) === 0) return false;
      if (!anyStatus && ((statuses[slot] as number) & statusBits) === 0) return false;
      if (!anyCategory && ((categories[slot] as number) & categoryBits) === 0) return false;
      if (!anyViolation && ((violations[slot] as number) & violationBits) === 0) return false;
      if (!anyRegion && !accepted[region[slot] as number] && !accepted[oblast[slot] as number]) {
        return false;
      }
      if (!anyDate) {
        if ((flag & FLAG_DATED) === 0) return false;
        if ((dayTo[slot] as number) < from || (dayFrom[slot] as number) > to) return false;
      }
      return true;
    };
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.flags.length) return;
    const size = Math.max(needed, this.flags.length * 2, 1024);
    const grow = <A extends Uint8Array | Int32Array>(old: A, make: (n: number) => A): A => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.categories = grow(this.categories, (n) => new Uint8Array(n));
    this.violations = grow(this.violations, (n) => new Int32Array(n));
    this.statuses = grow(this.statuses, (n) => new Uint8Array(n));
    this.region = grow(this.region, (n) => new Uint8Array(n));
    this.oblast = grow(this.oblast, (n) => new Uint8Array(n));
    this.dayFrom = grow(this.dayFrom, (n) => new Int32Array(n));
    this.dayTo = grow(this.dayTo, (n) => new Int32Array(n));
  }
}

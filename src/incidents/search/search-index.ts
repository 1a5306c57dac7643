import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import { regionMatches } from '../../domain/regions';
import { foldedTerms } from '../../domain/text-fold';
import type { Loaded } from '../../db/repository-types';
import { eventDateInterval, overlapsFilter, type DayInterval } from './date-interval';
import { hasStructuredFilter, type IncidentFilters } from './incident-filters';
import { summarise, type IncidentSummary } from './incident-summary';
import {
  FIELD_SEPARATOR,
  actorSearchText,
  incidentOwnSearchText,
  linkedActorIds,
  rawSearchText,
} from './search-text';

export { NO_FILTERS, hasStructuredFilter, type IncidentFilters } from './incident-filters';
export type { IncidentSummary } from './incident-summary';

interface Entry {
  readonly summary: IncidentSummary;
  /** Folded text of the incident itself (for a damaged record: its raw values). */
  readonly ownText: string;
  readonly actorIds: readonly string[];
  readonly interval: DayInterval | null;
  /** The date's start as written (so a time of day orders within a day); '' when undated. */
  readonly sortDate: string;
  /** ownText plus the folded names of linked actors; re-derived when one of them changes. */
  haystack: string;
}

/** List order: newest incident date first, undated last, then most recently edited, then id. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.sortDate !== b.sortDate) {
    if (!a.sortDate) return 1;
    if (!b.sortDate) return -1;
    return a.sortDate < b.sortDate ? 1 : -1;
  }
  const au = a.summary.updatedAt;
  const bu = b.summary.updatedAt;
  if (au !== bu) return au < bu ? 1 : -1;
  const ai = a.summary.id;
  const bi = b.summary.id;
  return ai < bi ? -1 : ai > bi ? 1 : 0;
}

function freezeSummary(summary: IncidentSummary): IncidentSummary {
  Object.freeze(summary.categories);
  Object.freeze(summary.violations);
  if (summary.date) Object.freeze(summary.date);
  return Object.freeze(summary);
}

/**
 * An in-memory index over every incident for the list's search and filters.
 *
 * Everything a search compares is computed once per record change: folded
 * text, the date interval, the sort key. Entries are kept in list order, so a
 * search is one pass with cheap checks and no sort. Summaries handed out are
 * frozen and shared; treat them as read-only.
 */
export class IncidentIndex {
  private readonly entries = new Map<string, Entry>();
  /** Every entry in list order. */
  private ordered: Entry[] = [];
  /** Folded name text of every known actor. */
  private readonly actorTexts = new Map<string, string>();
  /** actor id -> ids of incidents linking it, to re-derive their haystacks on a rename. */
  private readonly incidentsByActor = new Map<string, Set<string>>();

  static build(incidents: Loaded<Incident>[], actors: Loaded<Actor>[]): IncidentIndex {
    const index = new IncidentIndex();
    for (const actor of actors) index.setActorText(actor);
    const built: Entry[] = [];
    for (const item of incidents) {
      if (item.ok && item.record.deleted) continue;
      const entry = index.makeEntry(item);
      const previous = index.entries.get(entry.summary.id);
      if (previous) index.unlinkActors(previous);
      index.entries.set(entry.summary.id, entry);
      index.linkActors(entry);
    }
    for (const entry of index.entries.values()) built.push(entry);
    built.sort(compareEntries);
    index.ordered = built;
    return index;
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): IncidentSummary | undefined {
    return this.entries.get(id)?.summary;
  }

  upsertIncident(item: Loaded<Incident>): void {
    if (item.ok && item.record.deleted) {
      this.removeIncident(item.record.id);
      return;
    }
    const entry = this.makeEntry(item);
    this.removeIncident(entry.summary.id);
    this.entries.set(entry.summary.id, entry);
    this.linkActors(entry);
    this.ordered.splice(this.insertionPoint(entry), 0, entry);
  }

  removeIncident(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.unlinkActors(entry);
    const at = this.positionOf(entry);
    if (at >= 0) this.ordered.splice(at, 1);
  }

  upsertActor(item: Loaded<Actor>): void {
    if (item.ok && item.record.deleted) {
      this.removeActor(item.record.id);
      return;
    }
    this.setActorText(item);
    this.rederiveIncidentsOf(item.ok ? item.record.id : item.id);
  }

  removeActor(id: string): void {
    if (!this.actorTexts.delete(id)) return;
    this.rederiveIncidentsOf(id);
  }

  search(filters: IncidentFilters): IncidentSummary[] {
    const terms = foldedTerms(filters.text);
    const structured = hasStructuredFilter(filters);
    const categories = new Set<string>(filters.categories);
    const violations = new Set<string>(filters.violations);
    const statuses = new Set<string>(filters.statuses);
    const regions = filters.regions;
    const { dateFrom, dateTo } = filters;
    const filterDates = dateFrom !== '' || dateTo !== '';

    const results: IncidentSummary[] = [];
    for (const entry of this.ordered) {
      const summary = entry.summary;
      if (!summary.ok) {
        if (structured) continue;
      } else if (structured) {
        if (statuses.size > 0 && (summary.status === null || !statuses.has(summary.status)))
          continue;
        if (categories.size > 0 && !summary.categories.some((c) => categories.has(c))) continue;
        if (violations.size > 0 && !summary.violations.some((v) => violations.has(v))) continue;
        if (regions.length > 0 && !regions.some((r) => regionMatches(r, summary.region))) continue;
        if (filterDates && (!entry.interval || !overlapsFilter(entry.interval, dateFrom, dateTo)))
          continue;
      }
      if (terms.length > 0 && !containsAll(entry.haystack, terms)) continue;
      results.push(summary);
    }
    return results;
  }

  private makeEntry(item: Loaded<Incident>): Entry {
    const summary = freezeSummary(summarise(item));
    if (!item.ok) {
      const ownText = rawSearchText(item.raw);
      return { summary, ownText, actorIds: [], interval: null, sortDate: '', haystack: ownText };
    }
    const incident = item.record;
    const ownText = incidentOwnSearchText(incident);
    const actorIds = [...linkedActorIds(incident)];
    const entry: Entry = {
      summary,
      ownText,
      actorIds,
      interval: eventDateInterval(incident.date),
      sortDate:
        incident.date.start || (incident.date.precision === 'range' ? incident.date.end : ''),
      haystack: '',
    };
    entry.haystack = this.haystackOf(entry);
    return entry;
  }

  private haystackOf(entry: Entry): string {
    const parts = [entry.ownText];
    for (const actorId of entry.actorIds) {
      const text = this.actorTexts.get(actorId);
      if (text) parts.push(text);
    }
    return parts.join(FIELD_SEPARATOR);
  }

  private setActorText(item: Loaded<Actor>): void {
    if (item.ok) {
      if (item.record.deleted) return;
      this.actorTexts.set(item.record.id, actorSearchText(item.record));
    } else {
      // A damaged actor record still lends whatever names it holds to the incidents linking it.
      this.actorTexts.set(item.id, rawSearchText(item.raw));
    }
  }

  private rederiveIncidentsOf(actorId: string): void {
    const incidentIds = this.incidentsByActor.get(actorId);
    if (!incidentIds) return;
    for (const incidentId of incidentIds) {
      const entry = this.entries.get(incidentId);
      if (entry) entry.haystack = this.haystackOf(entry);
    }
  }

  private linkActors(entry: Entry): void {
    for (const actorId of entry.actorIds) {
      let incidentIds = this.incidentsByActor.get(actorId);
      if (!incidentIds) {
        incidentIds = new Set();
        this.incidentsByActor.set(actorId, incidentIds);
      }
      incidentIds.add(entry.summary.id);
    }
  }

  private unlinkActors(entry: Entry): void {
    for (const actorId of entry.actorIds) {
      const incidentIds = this.incidentsByActor.get(actorId);
      if (!incidentIds) continue;
      incidentIds.delete(entry.summary.id);
      if (incidentIds.size === 0) this.incidentsByActor.delete(actorId);
    }
  }

  /** The first position whose entry sorts after `entry` (binary search over the ordered list). */
  private insertionPoint(entry: Entry): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareEntries(this.ordered[mid] as Entry, entry) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private positionOf(entry: Entry): number {
    // Ids break ties, so the order is total and the entry sits right before its insertion point.
    const at = this.insertionPoint(entry) - 1;
    if (this.ordered[at] === entry) return at;
    return this.ordered.indexOf(entry);
  }
}

function containsAll(haystack: string, terms: readonly string[]): boolean {
  for (const term of terms) {
    if (!haystack.includes(term)) return false;
  }
  return true;
}

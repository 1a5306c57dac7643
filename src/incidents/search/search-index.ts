import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import { foldedTerms } from '../../domain/text-fold';
import type { Loaded } from '../../db/repository-types';
import { FilterColumns } from './filter-columns';
import { hasStructuredFilter, type IncidentFilters } from './incident-filters';
import {
  IndexSnapshotError,
  decodeIndexSnapshot,
  encodeSteps,
  type EncodedIndex,
  type StoredIndex,
} from './index-snapshot';
import { summarise, type IncidentSummary } from './incident-summary';
import {
  FIELD_SEPARATOR,
  actorSearchText,
  incidentOwnSearchText,
  linkedActorIds,
  rawSearchText,
} from './search-text';
import { WordIndex } from './word-index';
import { nextMacrotask } from '../../domain/next-macrotask';

export { NO_FILTERS, hasStructuredFilter, type IncidentFilters } from './incident-filters';
export type { IncidentSummary } from './incident-summary';
export type { EncodedIndex, StoredIndex } from './index-snapshot';

interface Entry {
  readonly summary: IncidentSummary;
  /** This record's number in the word index and filter columns; kept across its edits. */
  readonly slot: number;
  /** How much of `haystack` is the folded text of the incident itself (for a damaged record: its raw values). */
  readonly ownLength: number;
  readonly actorIds: readonly string[];
  /** The date's start as written (so a time of day orders within a day); '' when undated. */
  readonly sortDate: string;
  /** The incident's own text, then the folded names of linked actors; re-derived when one of them changes. */
  haystack: string;
}

/**
 * Gathering more postings than this many per record costs more than checking
 * every record's text (a term such as "a" is found early in almost all).
 */
const UNSELECTIVE_POSTINGS_PER_RECORD = 1;
/** Fewer candidates than this share of all records are sorted; more are picked out of the list order. */
const SORT_CANDIDATES_SHARE = 1 / 8;
/** Rebuild the word postings once edits have left this many stale ones beyond the live ones. */
const STALE_POSTINGS_ALLOWANCE = 50_000;

/** Records (or actors, or word-index entries) handled between two pauses of a sliced build. */
const DEFAULT_SLICE_SIZE = 2_000;

export interface SlicedBuildOptions {
  /** Records handled between two pauses; the default keeps each stretch to some tens of ms. */
  sliceSize?: number;
  /** Awaited between slices; must let the event loop run input and paint (a macrotask, not a microtask). */
  yieldToUi?: () => Promise<void>;
  /** Stops the build (it rejects with the signal's reason) at the next pause. */
  signal?: AbortSignal;
}

/** The index changed while a snapshot of it was being made; that snapshot would mix two states. */
export class IndexChangedError extends Error {
  constructor() {
    super('the search index changed while its snapshot was being made');
    this.name = 'IndexChangedError';
  }
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

function containsAll(haystack: string, terms: readonly string[]): boolean {
  for (const term of terms) {
    if (!haystack.includes(term)) return false;
  }
  return true;
}

/**
 * An in-memory index over every incident for the list's search and filters.
 *
 * Everything a search compares is computed once per record change: folded
 * text, the date interval, filter bits, the sort key. Records are kept in
 * list order (as slot numbers), so a search never sorts the whole set:
 * - without text, one pass over compact filter columns;
 * - with text, the word index names the records having a word that contains
 *   the longest term; only those are checked (all terms, all filters), then
 *   few are sorted, or many are picked out of the list order;
 * - a term in nearly every word ("a") is checked record by record.
 * Summaries handed out are frozen and shared; treat them as read-only.
 */
export class IncidentIndex {
  private readonly entries = new Map<string, Entry>();
  /** Slots in list order. */
  private ordered: number[] = [];
  /** Entry by slot; a removed record leaves a hole (stale postings may still name it). */
  private readonly slots: (Entry | undefined)[] = [];
  private columns = new FilterColumns();
  private words = new WordIndex();
  /** Postings right after the last compaction, to tell when stale ones pile up. */
  private livePostings = 0;
  /** stamps[slot] === stamp marks a candidate of the current search (no clearing between searches). */
  private stamps = new Uint32Array(0);
  private stamp = 0;
  /** The unfiltered list, the view shown most often; dropped on any change. */
  private everything: IncidentSummary[] | null = null;
  /** Folded name text of every known actor. */
  private readonly actorTexts = new Map<string, string>();
  /**
   * actor id -> ids of incidents linking it, to re-derive their haystacks on
   * a rename. Null until an actor changes after a snapshot load: most
   * sessions never need it, and making it costs a noticeable part of a load.
   */
  private incidentsByActor: Map<string, Set<string>> | null = new Map();
  /** Counts changes after the build, so a snapshot in progress notices one. */
  private revision = 0;

  static build(incidents: Loaded<Incident>[], actors: Loaded<Actor>[]): IncidentIndex {
    const index = new IncidentIndex();
    const steps = index.fillSteps(incidents, actors, Number.POSITIVE_INFINITY);
    while (!steps.next().done) {
      // Nothing to wait for between slices: one stretch.
    }
    return index;
  }

  /**
   * The same index as `build`, made in slices with `yieldToUi` awaited after
   * each, so the renderer can paint and take input while 100,000 records are
   * indexed. It pauses after every slice of `sliceSize` actors, of
   * `sliceSize` incidents, after the sort, and after every slice of
   * `sliceSize` kept incidents whose words are indexed (a partial slice counts
   * as one). Rejects with the signal's reason once it is aborted (checked
   * before starting and after every pause).
   */
  static async buildInSlices(
    incidents: Loaded<Incident>[],
    actors: Loaded<Actor>[],
    options: SlicedBuildOptions = {},
  ): Promise<IncidentIndex> {
    const { sliceSize = DEFAULT_SLICE_SIZE, yieldToUi = nextMacrotask, signal } = options;
    if (!(sliceSize >= 1)) throw new RangeError(`sliceSize must be at least 1, not ${sliceSize}`);
    signal?.throwIfAborted();
    const index = new IncidentIndex();
    const steps = index.fillSteps(incidents, actors, sliceSize);
    while (!steps.next().done) {
      await yieldToUi();
      signal?.throwIfAborted();
    }
    return index;
  }

  /** Fills an empty index, pausing (yield) after each slice of work; shared by both builds. */
  private *fillSteps(
    incidents: Loaded<Incident>[],
    actors: Loaded<Actor>[],
    sliceSize: number,
  ): Generator<void, void, void> {
    for (let start = 0; start < actors.length; start += sliceSize) {
      const end = Math.min(start + sliceSize, actors.length);
      for (let at = start; at < end; at += 1) this.setActorText(actors[at] as Loaded<Actor>);
      yield;
    }
    for (let start = 0; start < incidents.length; start += sliceSize) {
      const end = Math.min(start + sliceSize, incidents.length);
      for (let at = start; at < end; at += 1) {
        const item = incidents[at] as Loaded<Incident>;
        if (!(item.ok && item.record.deleted)) this.putEntry(item);
      }
      yield;
    }
    const entries = [...this.entries.values()];
    this.ordered = [...entries].sort(compareEntries).map((entry) => entry.slot);
    yield;
    this.words.clear();
    for (let start = 0; start < entries.length; start += sliceSize) {
      const end = Math.min(start + sliceSize, entries.length);
      for (let at = start; at < end; at += 1) {
        const entry = entries[at] as Entry;
        this.words.add(entry.slot, entry.haystack);
      }
      yield;
    }
    this.livePostings = this.words.size;
  }

  /**
   * An index loaded from `encoded` (made by toSnapshot), answering every
   * search as the index it was made from did, without folding or splitting
   * any text again. Throws (IndexSnapshotError, or an error of the packed
   * parts) when the snapshot is of another format or does not fit together.
   */
  static fromSnapshot(encoded: StoredIndex): IncidentIndex {
    const contents = decodeIndexSnapshot(encoded);
    const index = new IncidentIndex();
    index.incidentsByActor = null;
    for (const [id, text] of contents.actorTexts) index.actorTexts.set(id, text);
    const { entries, slots } = index;
    for (const entry of contents.entries) {
      entries.set(entry.summary.id, entry);
      // One lookup per record: a repeated id leaves the map short.
      if (entries.size !== entry.slot + 1) {
        throw new IndexSnapshotError(`incident ${entry.summary.id} is stored twice`);
      }
      slots.push(entry);
    }
    index.columns = FilterColumns.fromArrays(contents.filters);
    index.ordered = Array.from(contents.order);
    index.words = WordIndex.fromFrozen(contents.words, contents.entries.length);
    index.livePostings = index.words.size;
    return index;
  }

  /**
   * This index as snapshot sections for IncidentIndex.fromSnapshot, made in
   * slices with `yieldToUi` awaited between them as in buildInSlices. The
   * index must not change meanwhile: a change rejects with IndexChangedError
   * (at the next pause) rather than encode a mix of two states. Slots are
   * renumbered without the holes left by removed records.
   */
  async toSnapshot(options: SlicedBuildOptions = {}): Promise<EncodedIndex> {
    const { sliceSize = DEFAULT_SLICE_SIZE, yieldToUi = nextMacrotask, signal } = options;
    if (!(sliceSize >= 1)) throw new RangeError(`sliceSize must be at least 1, not ${sliceSize}`);
    signal?.throwIfAborted();
    const revision = this.revision;
    const steps = this.snapshotSteps(sliceSize);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await yieldToUi();
      signal?.throwIfAborted();
      if (this.revision !== revision) throw new IndexChangedError();
    }
  }

  private *snapshotSteps(sliceSize: number): Generator<void, EncodedIndex, void> {
    const remap = new Int32Array(this.slots.length).fill(-1);
    const entries: Entry[] = [];
    for (let slot = 0; slot < this.slots.length; slot += 1) {
      const entry = this.slots[slot];
      if (!entry) continue;
      remap[slot] = entries.length;
      entries.push(entry);
    }
    const order = Int32Array.from(this.ordered, (slot) => remap[slot] as number);
    const filters = this.columns.pick(entries.map((entry) => entry.slot));
    yield;
    const words = yield* this.words.freezeSteps(remap, sliceSize);
    return yield* encodeSteps(
      { entries, order, actorTexts: [...this.actorTexts], words, filters },
      sliceSize,
    );
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): IncidentSummary | undefined {
    return this.entries.get(id)?.summary;
  }

  upsertIncident(item: Loaded<Incident>): void {
    this.revision += 1;
    if (item.ok && item.record.deleted) {
      this.removeIncident(item.record.id);
      return;
    }
    const previous = this.entries.get(item.ok ? item.record.id : item.id);
    if (previous) this.removeFromOrder(previous);
    const entry = this.putEntry(item);
    this.ordered.splice(this.insertionPoint(entry), 0, entry.slot);
    this.words.add(entry.slot, entry.haystack);
    this.compactWordsIfStale();
  }

  removeIncident(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.revision += 1;
    this.removeFromOrder(entry);
    this.entries.delete(id);
    this.slots[entry.slot] = undefined;
    this.unlinkActors(entry);
    this.everything = null;
  }

  upsertActor(item: Loaded<Actor>): void {
    this.revision += 1;
    if (item.ok && item.record.deleted) {
      this.removeActor(item.record.id);
      return;
    }
    this.setActorText(item);
    this.rederiveIncidentsOf(item.ok ? item.record.id : item.id);
  }

  removeActor(id: string): void {
    if (!this.actorTexts.delete(id)) return;
    this.revision += 1;
    this.rederiveIncidentsOf(id);
  }

  search(filters: IncidentFilters): IncidentSummary[] {
    const terms = foldedTerms(filters.text);
    if (terms.length === 0 && !hasStructuredFilter(filters)) {
      this.everything ??= this.ordered.map((slot) => (this.slots[slot] as Entry).summary);
      return [...this.everything];
    }
    const passesFilters = this.columns.matcher(filters);
    const slots = this.slots;
    const matches = (slot: number): boolean => {
      if (!passesFilters(slot)) return false;
      const entry = slots[slot];
      return entry !== undefined && containsAll(entry.haystack, terms);
    };

    const candidates = this.candidatesFor(terms);
    if (candidates === null) return this.pickInOrder(matches);

    if (candidates.length > this.entries.size * SORT_CANDIDATES_SHARE) {
      const stamps = this.nextStamps();
      const stamp = this.stamp;
      for (const slot of candidates) stamps[slot] = stamp;
      return this.pickInOrder((slot) => stamps[slot] === stamp && matches(slot));
    }
    const found: Entry[] = [];
    for (const slot of candidates) {
      if (matches(slot)) found.push(slots[slot] as Entry);
    }
    return found.sort(compareEntries).map((entry) => entry.summary);
  }

  private pickInOrder(accept: (slot: number) => boolean): IncidentSummary[] {
    const results: IncidentSummary[] = [];
    for (const slot of this.ordered) {
      if (accept(slot)) results.push((this.slots[slot] as Entry).summary);
    }
    return results;
  }

  /** The stamp array sized for every slot, with a fresh stamp value for this search. */
  private nextStamps(): Uint32Array {
    if (this.stamps.length < this.slots.length) {
      this.stamps = new Uint32Array(Math.max(this.slots.length, this.stamps.length * 2, 1024));
      this.stamp = 0;
    }
    this.stamp += 1;
    if (this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    return this.stamps;
  }

  /**
   * Distinct slots that may hold every term: the word index's candidates of
   * each selective term, intersected. Null when no term is selective (or there
   * is no term), which means: check every record.
   */
  private candidatesFor(terms: readonly string[]): number[] | null {
    const limit = UNSELECTIVE_POSTINGS_PER_RECORD * this.entries.size + 1_000;
    let kept: number[] | null = null;
    // Longer terms tend to be rarer: start with them so the set shrinks early.
    for (const term of [...terms].sort((a, b) => b.length - a.length)) {
      const found = this.words.candidates(term, limit);
      if (found === null) continue;
      const stamps = this.nextStamps();
      const stamp = this.stamp;
      if (kept === null) {
        kept = [];
        for (const slot of found) {
          if (stamps[slot] === stamp) continue;
          stamps[slot] = stamp;
          kept.push(slot);
        }
      } else {
        for (const slot of found) stamps[slot] = stamp;
        kept = kept.filter((slot) => stamps[slot] === stamp);
      }
      if (kept.length === 0) break;
    }
    return kept;
  }

  /** Creates (or replaces) the entry for a record, keeping its slot; does not touch the order. */
  private putEntry(item: Loaded<Incident>): Entry {
    const id = item.ok ? item.record.id : item.id;
    const previous = this.entries.get(id);
    if (previous) this.unlinkActors(previous);
    const entry = this.makeEntry(item, previous?.slot ?? this.slots.length);
    this.entries.set(id, entry);
    this.slots[entry.slot] = entry;
    this.columns.set(entry.slot, entry.summary);
    this.linkActors(entry);
    this.everything = null;
    return entry;
  }

  private makeEntry(item: Loaded<Incident>, slot: number): Entry {
    const summary = freezeSummary(summarise(item));
    if (!item.ok) {
      const ownText = rawSearchText(item.raw);
      return {
        summary,
        slot,
        ownLength: ownText.length,
        actorIds: [],
        sortDate: '',
        haystack: ownText,
      };
    }
    const { date } = item.record;
    const ownText = incidentOwnSearchText(item.record);
    const entry: Entry = {
      summary,
      slot,
      ownLength: ownText.length,
      actorIds: [...linkedActorIds(item.record)],
      sortDate: date.start || (date.precision === 'range' ? date.end : ''),
      haystack: ownText,
    };
    entry.haystack = this.haystackOf(entry);
    return entry;
  }

  private haystackOf(entry: Entry): string {
    // The haystack always starts with the incident's own text.
    const ownText = entry.haystack.slice(0, entry.ownLength);
    const parts = [ownText];
    for (const actorId of entry.actorIds) {
      const text = this.actorTexts.get(actorId);
      if (text) parts.push(text);
    }
    // Most incidents link no named actor: share the string rather than hold a copy.
    return parts.length === 1 ? ownText : parts.join(FIELD_SEPARATOR);
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
    const incidentIds = this.actorLinks().get(actorId);
    if (!incidentIds) return;
    for (const incidentId of incidentIds) {
      const entry = this.entries.get(incidentId);
      if (!entry) continue;
      entry.haystack = this.haystackOf(entry);
      this.words.add(entry.slot, entry.haystack);
    }
    this.compactWordsIfStale();
  }

  private actorLinks(): Map<string, Set<string>> {
    if (!this.incidentsByActor) {
      this.incidentsByActor = new Map();
      for (const entry of this.entries.values()) this.linkActors(entry);
    }
    return this.incidentsByActor;
  }

  private linkActors(entry: Entry): void {
    const links = this.incidentsByActor;
    if (!links) return; // made from every entry when first needed
    for (const actorId of entry.actorIds) {
      let incidentIds = links.get(actorId);
      if (!incidentIds) {
        incidentIds = new Set();
        links.set(actorId, incidentIds);
      }
      incidentIds.add(entry.summary.id);
    }
  }

  private unlinkActors(entry: Entry): void {
    const links = this.incidentsByActor;
    if (!links) return;
    for (const actorId of entry.actorIds) {
      const incidentIds = links.get(actorId);
      if (!incidentIds) continue;
      incidentIds.delete(entry.summary.id);
      if (incidentIds.size === 0) links.delete(actorId);
    }
  }

  /** Rebuilds the word postings from the current texts, dropping stale ones. */
  private compactWords(): void {
    this.words.clear();
    for (const entry of this.entries.values()) this.words.add(entry.slot, entry.haystack);
    this.livePostings = this.words.size;
  }

  private compactWordsIfStale(): void {
    if (this.words.size > 2 * this.livePostings + STALE_POSTINGS_ALLOWANCE) this.compactWords();
  }

  /** The first position in list order whose entry sorts after `entry` (binary search). */
  private insertionPoint(entry: Entry): number {
    let low = 0;
    let high = this.ordered.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.slots[this.ordered[mid] as number] as Entry;
      if (compareEntries(other, entry) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Must run while `entry` is still the one in `slots`, so the binary search compares like with like. */
  private removeFromOrder(entry: Entry): void {
    // Ids break ties, so the order is total and the entry sits right before its insertion point.
    let at = this.insertionPoint(entry) - 1;
    if (this.ordered[at] !== entry.slot) at = this.ordered.indexOf(entry.slot);
    if (at >= 0) this.ordered.splice(at, 1);
  }
}

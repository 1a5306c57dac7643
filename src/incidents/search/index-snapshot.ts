import type { EventDate } from '../../domain/incident';
import {
  CATEGORIES,
  DATE_PRECISIONS,
  STATUSES,
  VIOLATION_TYPES,
  type Category,
  type DatePrecision,
  type Status,
  type ViolationType,
} from '../../domain/vocabularies';
import { FILTER_CODES, type FilterColumnArrays } from './filter-columns';
import type { IncidentSummary } from './incident-summary';
import { bytesToInt32, int32Bytes } from './packed-int32';
import type { FrozenWords } from './word-index';

/**
 * A built search index as byte sections and back, so an unlock can load the
 * index instead of folding and tokenising every record again. The layout is
 * in docs/FORMAT.md §3.3; bump INDEX_SNAPSHOT_FORMAT whenever it, or what the
 * index derives from a record (folding, summaries, word splitting, the days
 * a date covers), changes: a snapshot of another format is ignored and the
 * index is built from the records as before. (What the filter columns' codes
 * stand for is checked on its own, against FILTER_CODES.)
 *
 * Loading speed decides the layout: a field with few distinct values (dates,
 * regions, categories, actor ids) is stored once per value plus a number per
 * record, so loading creates one object per distinct value, shared by every
 * record that has it, instead of one string per record and field; the filter
 * columns are stored as the index keeps them, so a load derives nothing.
 */
export const INDEX_SNAPSHOT_FORMAT = 3;

/** What the index keeps of one incident, as stored. */
export interface SnapshotEntry {
  summary: IncidentSummary;
  /** The folded text searched: the incident's own text, then its linked actors' names. */
  haystack: string;
  /** How much of `haystack` is the incident's own text. */
  ownLength: number;
  actorIds: readonly string[];
  sortDate: string;
}

/** An entry as loaded: at its slot, its summary frozen (the index's own entry shape, made once). */
export interface SlottedEntry extends SnapshotEntry {
  readonly summary: IncidentSummary;
  readonly slot: number;
}

/** Everything an index is loaded from; slots are numbered 0 … entries.length - 1. */
export interface IndexContents {
  /** entries[slot]. */
  entries: SnapshotEntry[];
  /** Slots in list order. */
  order: Int32Array;
  /** Folded name text of every known actor, by actor id. */
  actorTexts: [string, string][];
  words: FrozenWords;
  /** The filter columns by slot, stored ready-made so a load derives nothing from dates or vocabularies. */
  filters: FilterColumnArrays;
}

// A type, not an interface, so it is also a Record<string, number> for the store.
export type IndexSnapshotCounts = {
  incidents: number;
  actors: number;
  words: number;
  postings: number;
};

export interface EncodedIndex {
  format: number;
  counts: IndexSnapshotCounts;
  /** Each either UTF-8 text or little-endian int32 numbers; the format says which. */
  sections: Uint8Array[];
}

/** A snapshot as read back from storage: its counts are checked, not trusted. */
export interface StoredIndex {
  format: number;
  counts: Readonly<Record<string, number | undefined>>;
  sections: readonly Uint8Array[];
}

/** A snapshot whose sections do not decode into a consistent index (damaged, or another format). */
export class IndexSnapshotError extends Error {
  constructor(message: string) {
    super(`search index snapshot: ${message}`);
    this.name = 'IndexSnapshotError';
  }
}

/** Separates category or violation ids within one value, and the parts of a date. */
const LIST_SEPARATOR = ',';
const FLAG_OK = 1;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** One section of the UTF-8 of `pieces`, one after the other. */
function utf8Section(pieces: readonly Uint8Array[]): Uint8Array {
  const section = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    section.set(piece, at);
    at += piece.length;
  }
  return section;
}

/** A string list: the lengths (UTF-16 code units), then the strings' UTF-8 (encoded in pieces of `sliceSize`). */
function* stringListSteps(
  values: readonly string[],
  sliceSize: number,
  into: Uint8Array[],
): Generator<void, void, void> {
  const lengths = new Int32Array(values.length);
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < values.length; start += sliceSize) {
    const end = Math.min(start + sliceSize, values.length);
    for (let at = start; at < end; at += 1) lengths[at] = (values[at] as string).length;
    // Whole strings per piece: a surrogate pair is never cut in two.
    pieces.push(utf8Encoder.encode(values.slice(start, end).join('')));
    yield;
  }
  into.push(int32Bytes(lengths));
  into.push(utf8Section(pieces));
  yield;
}

/** A dictionary column: the distinct values as a string list, then each record's value number. */
function* dictionarySteps(
  values: readonly string[],
  sliceSize: number,
  into: Uint8Array[],
): Generator<void, void, void> {
  const numbers = new Map<string, number>();
  const codes = new Int32Array(values.length);
  for (let start = 0; start < values.length; start += sliceSize) {
    const end = Math.min(start + sliceSize, values.length);
    for (let at = start; at < end; at += 1) {
      const value = values[at] as string;
      let code = numbers.get(value);
      if (code === undefined) {
        code = numbers.size;
        numbers.set(value, code);
      }
      codes[at] = code;
    }
    yield;
  }
  yield* stringListSteps([...numbers.keys()], sliceSize, into);
  into.push(int32Bytes(codes));
}

function dateKey(date: EventDate | null): string {
  return date ? [date.precision, date.start, date.end].join(LIST_SEPARATOR) : '';
}

/**
 * Encodes `contents`, pausing (yield) after every `sliceSize` entries and
 * after each section, so a caller can let the UI run between the pieces.
 */
export function* encodeSteps(
  contents: IndexContents,
  sliceSize: number,
): Generator<void, EncodedIndex, void> {
  const { entries, order, actorTexts, words, filters } = contents;
  const count = entries.length;
  const lists = {
    ids: new Array<string>(count),
    titles: new Array<string>(count),
    haystacks: new Array<string>(count),
  };
  const dictionaries = {
    updatedAt: new Array<string>(count),
    dates: new Array<string>(count),
    regions: new Array<string>(count),
    statuses: new Array<string>(count),
    categories: new Array<string>(count),
    violations: new Array<string>(count),
    sortDates: new Array<string>(count),
  };
  const flags = new Int32Array(count);
  const ownLengths = new Int32Array(count);
  const victimCounts = new Int32Array(count);
  const actorIdCounts = new Int32Array(count);
  const actorIds: string[] = [];
  for (let start = 0; start < count; start += sliceSize) {
    const end = Math.min(start + sliceSize, count);
    for (let slot = start; slot < end; slot += 1) {
      const {
        summary,
        haystack,
        ownLength,
        sortDate,
        actorIds: linked,
      } = entries[slot] as SnapshotEntry;
      lists.ids[slot] = summary.id;
      lists.titles[slot] = summary.title;
      lists.haystacks[slot] = haystack;
      dictionaries.updatedAt[slot] = summary.updatedAt;
      dictionaries.dates[slot] = dateKey(summary.date);
      dictionaries.regions[slot] = summary.region;
      dictionaries.statuses[slot] = summary.status ?? '';
      dictionaries.categories[slot] = summary.categories.join(LIST_SEPARATOR);
      dictionaries.violations[slot] = summary.violations.join(LIST_SEPARATOR);
      dictionaries.sortDates[slot] = sortDate;
      flags[slot] = summary.ok ? FLAG_OK : 0;
      ownLengths[slot] = ownLength;
      victimCounts[slot] = summary.victimCount;
      actorIdCounts[slot] = linked.length;
      for (const actorId of linked) actorIds.push(actorId);
    }
    yield;
  }
  const sections: Uint8Array[] = [];
  for (const list of Object.values(lists)) yield* stringListSteps(list, sliceSize, sections);
  for (const values of Object.values(dictionaries)) {
    yield* dictionarySteps(values, sliceSize, sections);
  }
  yield* dictionarySteps(actorIds, sliceSize, sections);
  for (const column of [flags, ownLengths, victimCounts, actorIdCounts, order]) {
    sections.push(int32Bytes(column));
  }
  sections.push(utf8Encoder.encode(FILTER_CODES));
  for (const column of [filters.flags, filters.categories, filters.statuses, filters.region]) {
    sections.push(column.slice());
  }
  sections.push(filters.oblast.slice());
  for (const column of [filters.violations, filters.dayFrom, filters.dayTo]) {
    sections.push(int32Bytes(column));
  }
  yield;
  yield* stringListSteps(
    actorTexts.map(([id]) => id),
    sliceSize,
    sections,
  );
  yield* stringListSteps(
    actorTexts.map(([, text]) => text),
    sliceSize,
    sections,
  );
  sections.push(utf8Encoder.encode(words.vocabulary));
  yield;
  sections.push(int32Bytes(words.postingStarts));
  sections.push(int32Bytes(words.postings));
  return {
    format: INDEX_SNAPSHOT_FORMAT,
    counts: {
      incidents: count,
      actors: actorTexts.length,
      words: words.postingStarts.length - 1,
      postings: words.postings.length,
    },
    sections,
  };
}

/** Each record's value, looked up through its (checked) number: no array of every record's value is made. */
class DictionaryColumn<T> {
  constructor(
    private readonly distinct: readonly T[],
    private readonly codes: Int32Array,
  ) {}

  get length(): number {
    return this.codes.length;
  }

  at(slot: number): T {
    return this.distinct[this.codes[slot] as number] as T;
  }
}

/** Reads sections in the order encodeSteps wrote them, checking every count and length. */
class SectionReader {
  private at = 0;
  constructor(private readonly sections: readonly Uint8Array[]) {}

  private next(): Uint8Array {
    const section = this.sections[this.at];
    if (!(section instanceof Uint8Array)) {
      throw new IndexSnapshotError('fewer sections than the format has');
    }
    this.at += 1;
    return section;
  }

  /** A whole section of UTF-8; decoded alone, an all-ASCII one (the folded texts) stays a compact one-byte string. */
  text(): string {
    const section = this.next();
    try {
      return utf8Decoder.decode(section);
    } catch {
      throw new IndexSnapshotError(`section ${this.at} is not UTF-8`);
    }
  }

  ints(count?: number): Int32Array<ArrayBuffer> {
    const values = bytesToInt32(this.next());
    if (count !== undefined && values.length !== count) {
      throw new IndexSnapshotError(`${values.length} numbers where ${count} were expected`);
    }
    return values;
  }

  /** A string list; `count` checks how many it holds. */
  strings(count?: number): string[] {
    const lengths = this.ints(count);
    const text = this.text();
    const values = new Array<string>(lengths.length);
    let from = 0;
    for (let at = 0; at < lengths.length; at += 1) {
      const length = lengths[at] as number;
      if (length < 0 || from + length > text.length) {
        throw new IndexSnapshotError('a string runs past its section');
      }
      values[at] = text.slice(from, from + length);
      from += length;
    }
    if (from !== text.length) throw new IndexSnapshotError('a section holds more than its strings');
    return values;
  }

  /** A dictionary column of `count` records, each distinct value parsed once and shared. */
  dictionary<T>(count: number | undefined, parse: (value: string) => T): DictionaryColumn<T> {
    const distinct = this.strings().map(parse);
    const codes = this.ints(count);
    for (const code of codes) {
      if (code < 0 || code >= distinct.length) {
        throw new IndexSnapshotError('a value number outside its dictionary');
      }
    }
    return new DictionaryColumn(distinct, codes);
  }

  /** A column of one byte per record. */
  bytes(count: number): Uint8Array<ArrayBuffer> {
    const section = this.next();
    if (section.length !== count) {
      throw new IndexSnapshotError(`${section.length} bytes where ${count} were expected`);
    }
    return section.slice();
  }

  finish(): void {
    if (this.at !== this.sections.length) {
      throw new IndexSnapshotError('more sections than the format has');
    }
  }
}

function vocabularyParser<T extends string>(
  what: string,
  vocabulary: readonly T[],
): (value: string) => T {
  const known = new Set<string>(vocabulary);
  return (value) => {
    if (!known.has(value)) throw new IndexSnapshotError(`unknown ${what} "${value}"`);
    return value as T; // checked against the vocabulary just above
  };
}

const parseCategory = vocabularyParser<Category>('category', CATEGORIES);
const parseViolation = vocabularyParser<ViolationType>('violation type', VIOLATION_TYPES);
const parseStatus = vocabularyParser<Status>('status', STATUSES);
const parsePrecision = vocabularyParser<DatePrecision>('date precision', DATE_PRECISIONS);

/** A shared value: frozen, since many summaries hold the same one. */
function parseList<T>(text: string, parse: (value: string) => T): T[] {
  return Object.freeze(text === '' ? [] : text.split(LIST_SEPARATOR).map(parse)) as T[];
}

function parseDate(text: string): EventDate | null {
  if (text === '') return null;
  const [precision, start, end, ...rest] = text.split(LIST_SEPARATOR);
  if (start === undefined || end === undefined || rest.length > 0) {
    throw new IndexSnapshotError(`malformed date "${text}"`);
  }
  return Object.freeze({ precision: parsePrecision(precision as string), start, end });
}

function assertCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new IndexSnapshotError(`count of ${name} is not a whole number`);
  }
  return value;
}

const same = (value: string): string => value;

/** Throws IndexSnapshotError when `encoded` is of another format or does not fit together. */
export function decodeIndexSnapshot(
  encoded: StoredIndex,
): IndexContents & { entries: SlottedEntry[] } {
  if (encoded.format !== INDEX_SNAPSHOT_FORMAT) {
    throw new IndexSnapshotError(`format ${String(encoded.format)}, not ${INDEX_SNAPSHOT_FORMAT}`);
  }
  const count = assertCount('incidents', encoded.counts.incidents);
  const actorCount = assertCount('actors', encoded.counts.actors);
  const wordCount = assertCount('words', encoded.counts.words);
  const postingCount = assertCount('postings', encoded.counts.postings);
  const read = new SectionReader(encoded.sections);
  const ids = read.strings(count);
  const titles = read.strings(count);
  const haystacks = read.strings(count);
  const updatedAt = read.dictionary(count, same);
  const dates = read.dictionary(count, parseDate);
  const regions = read.dictionary(count, same);
  const statuses = read.dictionary(count, (text) => (text === '' ? null : parseStatus(text)));
  const categories = read.dictionary(count, (text) => parseList(text, parseCategory));
  const violations = read.dictionary(count, (text) => parseList(text, parseViolation));
  const sortDates = read.dictionary(count, same);
  // Checked against the per-record counts below.
  const actorIds = read.dictionary(undefined, same);
  const flags = read.ints(count);
  const ownLengths = read.ints(count);
  const victimCounts = read.ints(count);
  const actorIdCounts = read.ints(count);
  const order = read.ints(count);
  if (read.text() !== FILTER_CODES) {
    throw new IndexSnapshotError('filter columns coded for other vocabularies or regions');
  }
  const filters: FilterColumnArrays = {
    flags: read.bytes(count),
    categories: read.bytes(count),
    statuses: read.bytes(count),
    region: read.bytes(count),
    oblast: read.bytes(count),
    violations: read.ints(count),
    dayFrom: read.ints(count),
    dayTo: read.ints(count),
  };
  const actorKeys = read.strings(actorCount);
  const actorTextValues = read.strings(actorCount);
  const vocabulary = read.text();
  const postingStarts = read.ints(wordCount + 1);
  const postings = read.ints(postingCount);
  read.finish();

  let linkedTotal = 0;
  for (const linked of actorIdCounts) {
    if (linked < 0) throw new IndexSnapshotError('negative count of linked actors');
    linkedTotal += linked;
  }
  if (linkedTotal !== actorIds.length) {
    throw new IndexSnapshotError('linked actor ids do not match their counts');
  }
  const seen = new Uint8Array(count);
  for (const slot of order) {
    if (slot < 0 || slot >= count || seen[slot]) {
      throw new IndexSnapshotError('the list order is not a permutation of the records');
    }
    seen[slot] = 1;
  }

  const entries = new Array<SlottedEntry>(count);
  let nextActorId = 0;
  for (let slot = 0; slot < count; slot += 1) {
    const linked = actorIdCounts[slot] as number;
    const haystack = haystacks[slot] as string;
    const ownLength = ownLengths[slot] as number;
    if (ownLength < 0 || ownLength > haystack.length) {
      throw new IndexSnapshotError('own text longer than the searched text');
    }
    // Properties in the order the index makes its own entries and summaries
    // in, so both share one object shape.
    entries[slot] = {
      summary: Object.freeze({
        id: ids[slot] as string,
        ok: ((flags[slot] as number) & FLAG_OK) !== 0,
        title: titles[slot] as string,
        date: dates.at(slot),
        region: regions.at(slot),
        status: statuses.at(slot),
        categories: categories.at(slot),
        violations: violations.at(slot),
        updatedAt: updatedAt.at(slot),
        victimCount: victimCounts[slot] as number,
      }),
      slot,
      ownLength,
      actorIds: linked === 0 ? NO_ACTORS : linkedIds(actorIds, nextActorId, linked),
      sortDate: sortDates.at(slot),
      haystack,
    };
    nextActorId += linked;
  }
  const actorTexts = actorKeys.map((id, at): [string, string] => [
    id,
    actorTextValues[at] as string,
  ]);
  return {
    entries,
    order,
    actorTexts,
    words: { vocabulary, postingStarts, postings },
    filters,
  };
}

const NO_ACTORS: readonly string[] = Object.freeze([]);

function linkedIds(ids: DictionaryColumn<string>, from: number, count: number): string[] {
  const linked = new Array<string>(count);
  for (let at = 0; at < count; at += 1) linked[at] = ids.at(from + at);
  return linked;
}

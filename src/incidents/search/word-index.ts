/**
 * Which records contain which folded words, so that a rare search term costs
 * a scan of the (small) vocabulary instead of every record's text.
 *
 * A search term never holds a space, so it occurs in a folded text exactly
 * when it is a substring of one of that text's words: the records whose words
 * contain the term are found by scanning all distinct words once, then taking
 * those words' postings. The postings may over-approximate (an edited record
 * keeps the slots of words it no longer has): callers verify every candidate
 * against its current text, and compact() drops what went stale.
 */

/** Separates words in the vocabulary string; folded words never contain it. */
export const WORD_SEPARATOR = '\n';
const WORD_SPLIT = /[ |]+/;

/**
 * A word index in compact, immutable form, as a snapshot stores it: the
 * vocabulary (every word followed by WORD_SEPARATOR) and, for word number w,
 * the slots `postings[postingStarts[w]] … postings[postingStarts[w + 1] - 1]`,
 * ascending and distinct.
 */
export interface FrozenWords {
  vocabulary: string;
  postingStarts: Int32Array;
  postings: Int32Array;
}

/** A frozen base with the start of each word in its vocabulary, ready for search. */
interface FrozenBase extends FrozenWords {
  wordStarts: Int32Array;
}

/** The frozen form does not fit together (damaged or foreign data); nothing uses it. */
export class FrozenWordsError extends Error {
  constructor(message: string) {
    super(`word index: ${message}`);
    this.name = 'FrozenWordsError';
  }
}

function startsOfWords(vocabulary: string): Int32Array {
  let count = 0;
  for (
    let at = vocabulary.indexOf(WORD_SEPARATOR);
    at >= 0;
    at = vocabulary.indexOf(WORD_SEPARATOR, at + 1)
  ) {
    count += 1;
  }
  const starts = new Int32Array(count);
  let from = 0;
  for (let word = 0; word < count; word += 1) {
    starts[word] = from;
    from = vocabulary.indexOf(WORD_SEPARATOR, from) + WORD_SEPARATOR.length;
  }
  return starts;
}

/** A growable Int32Array, so a frozen form is written without a boxed number per posting. */
class Int32Builder {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
  }

  last(): number {
    return this.values[this.length - 1] as number;
  }

  /** Sorts values from `start` on and drops repeats among them. */
  sortUniqueFrom(start: number): void {
    const tail = this.values.subarray(start, this.length).sort();
    let kept = 0;
    for (let at = 0; at < tail.length; at += 1) {
      if (kept === 0 || tail[at] !== tail[kept - 1]) tail[kept++] = tail[at] as number;
    }
    this.length = start + kept;
  }

  finish(): Int32Array {
    return this.values.slice(0, this.length);
  }
}

/** Appends the slots that map to a live slot (remap[slot] >= 0), renumbered, ascending and distinct. */
function remapSlots(slots: ArrayLike<number>, remap: Int32Array, into: Int32Builder): void {
  const start = into.length;
  let sorted = true;
  for (let at = 0; at < slots.length; at += 1) {
    const mapped = remap[slots[at] as number] ?? -1;
    if (mapped < 0) continue;
    if (into.length > start && mapped <= into.last()) sorted = false;
    into.push(mapped);
  }
  if (!sorted) into.sortUniqueFrom(start);
}

/** Postings handled between two pauses of freezeSteps, per unit of its slice size. */
const POSTINGS_PER_SLICE_UNIT = 16;

export class WordIndex {
  /** Postings loaded from a snapshot; words added later go to the maps below. */
  private base: FrozenBase | null = null;
  /** word -> slots of the records that have (or had) it, added since the base. */
  private readonly postings = new Map<string, number[]>();
  /** Every distinct word added since the base, in the order first seen, and where each starts in `vocabulary`. */
  private readonly words: string[] = [];
  private readonly wordStarts: number[] = [];
  private vocabulary = '';
  /** Words added since `vocabulary` was last extended. */
  private pendingWords: string[] = [];
  private postingCount = 0;

  /**
   * An index starting from `frozen`, whose slots must all be below
   * `slotCount`. Throws FrozenWordsError when the parts do not fit together.
   */
  static fromFrozen(frozen: FrozenWords, slotCount: number): WordIndex {
    const { vocabulary, postingStarts, postings } = frozen;
    if (vocabulary.length > 0 && !vocabulary.endsWith(WORD_SEPARATOR)) {
      throw new FrozenWordsError('vocabulary does not end with a separator');
    }
    const wordStarts = startsOfWords(vocabulary);
    if (postingStarts.length !== wordStarts.length + 1) {
      throw new FrozenWordsError(`${wordStarts.length} words but ${postingStarts.length} starts`);
    }
    if (postingStarts[0] !== 0 || postingStarts[wordStarts.length] !== postings.length) {
      throw new FrozenWordsError('posting starts do not cover the postings');
    }
    // Each word's slots ascend, so its first and last bound them all: checking
    // those two per word, not all four million postings, keeps the load short.
    // (A slot out of range could only make a search miss: every use of one
    // checks it against the live entries.)
    for (let word = 0; word < wordStarts.length; word += 1) {
      const first = postingStarts[word] as number;
      const end = postingStarts[word + 1] as number;
      if (end < first) throw new FrozenWordsError(`posting starts decrease at word ${word}`);
      if (end === first) continue;
      const lowest = postings[first] as number;
      const highest = postings[end - 1] as number;
      if (lowest < 0 || highest >= slotCount || highest < lowest) {
        throw new FrozenWordsError(`word ${word} has slots out of range`);
      }
    }
    const index = new WordIndex();
    index.base = { vocabulary, postingStarts, postings, wordStarts };
    return index;
  }

  /** How many slots all postings hold together, stale ones included. */
  get size(): number {
    return (this.base?.postings.length ?? 0) + this.postingCount;
  }

  /** Records the words of `text` (folded, fields separated by '|') for `slot`. */
  add(slot: number, text: string): void {
    for (const word of text.split(WORD_SPLIT)) {
      if (!word) continue;
      let slots = this.postings.get(word);
      if (!slots) {
        slots = [];
        this.postings.set(word, slots);
        this.pendingWords.push(word);
      }
      // Within one call the same slot is always last, so a repeated word is skipped here.
      if (slots[slots.length - 1] !== slot) {
        slots.push(slot);
        this.postingCount += 1;
      }
    }
  }

  /** Forgets every posting, the frozen base included (before re-adding current texts). */
  clear(): void {
    this.base = null;
    this.postings.clear();
    this.words.length = 0;
    this.wordStarts.length = 0;
    this.vocabulary = '';
    this.pendingWords = [];
    this.postingCount = 0;
  }

  /**
   * Slots of records that may contain `term` (a slot may repeat), or null
   * when that would be more than `limit` postings: a term found in nearly
   * every word ("a") is cheaper to check record by record.
   */
  candidates(term: string, limit: number): number[] | null {
    const found: number[] = [];
    let visited = 0;
    const base = this.base;
    if (base) {
      const { vocabulary, wordStarts, postingStarts, postings } = base;
      let from = 0;
      for (;;) {
        const at = vocabulary.indexOf(term, from);
        if (at < 0) break;
        const word = wordAt(wordStarts, at);
        const first = postingStarts[word] as number;
        const end = postingStarts[word + 1] as number;
        visited += end - first;
        if (visited > limit) return null;
        for (let p = first; p < end; p += 1) found.push(postings[p] as number);
        from = wordStarts[word + 1] ?? vocabulary.length;
      }
    }
    this.extendVocabulary();
    let from = 0;
    const vocabulary = this.vocabulary;
    for (;;) {
      const at = vocabulary.indexOf(term, from);
      if (at < 0) return found;
      const wordIndex = wordAt(this.wordStarts, at);
      const slots = this.postings.get(this.words[wordIndex] as string) ?? [];
      visited += slots.length;
      if (visited > limit) return null;
      for (const slot of slots) found.push(slot);
      // Continue after this word: one hit per word is enough.
      from = this.wordStarts[wordIndex + 1] ?? vocabulary.length;
    }
  }

  /**
   * The frozen form of every posting (base and later additions merged per
   * word), with each slot renumbered through `remap` and slots mapped to -1
   * dropped. Pauses (yields) after every `sliceSize` words, so a caller can
   * let the UI run; the index must not change until the generator is done.
   */
  *freezeSteps(remap: Int32Array, sliceSize: number): Generator<void, FrozenWords, void> {
    const vocabularyParts: string[] = [];
    const postingStarts = new Int32Builder();
    postingStarts.push(0);
    const postings = new Int32Builder();
    const merged = new Set<string>();
    // Work is counted in postings (plus one per word): the first words seen are the commonest.
    const workPerSlice = sliceSize * POSTINGS_PER_SLICE_UNIT;
    let work = 0;
    const addWord = (text: string, slots: ArrayLike<number>): boolean => {
      const before = postings.length;
      remapSlots(slots, remap, postings);
      if (postings.length > before) {
        vocabularyParts.push(text);
        postingStarts.push(postings.length);
      }
      work += 1 + slots.length;
      if (work < workPerSlice) return false;
      work = 0;
      return true;
    };
    const base = this.base;
    if (base) {
      const { vocabulary, wordStarts, postingStarts: starts, postings: slots } = base;
      for (let word = 0; word < wordStarts.length; word += 1) {
        const text = vocabulary.slice(
          wordStarts[word],
          (wordStarts[word + 1] ?? vocabulary.length) - WORD_SEPARATOR.length,
        );
        const added = this.postings.get(text);
        const own = slots.subarray(starts[word], starts[word + 1]);
        if (added) merged.add(text);
        if (addWord(text, added ? [...own, ...added] : own)) yield;
      }
    }
    for (const [text, slots] of this.postings) {
      if (merged.has(text)) continue;
      if (addWord(text, slots)) yield;
    }
    return {
      vocabulary: vocabularyParts.length
        ? vocabularyParts.join(WORD_SEPARATOR) + WORD_SEPARATOR
        : '',
      postingStarts: postingStarts.finish(),
      postings: postings.finish(),
    };
  }

  private extendVocabulary(): void {
    if (this.pendingWords.length === 0) return;
    let offset = this.vocabulary.length;
    for (const word of this.pendingWords) {
      this.words.push(word);
      this.wordStarts.push(offset);
      offset += word.length + WORD_SEPARATOR.length;
    }
    this.vocabulary += this.pendingWords.join(WORD_SEPARATOR) + WORD_SEPARATOR;
    this.pendingWords = [];
  }
}

/** The index of the word whose text covers position `at` of a vocabulary (binary search of word starts). */
function wordAt(wordStarts: ArrayLike<number>, at: number): number {
  let low = 0;
  let high = wordStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((wordStarts[mid] as number) <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

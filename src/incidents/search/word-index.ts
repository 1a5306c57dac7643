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
const WORD_SEPARATOR = '\n';
const WORD_SPLIT = /[ |]+/;

export class WordIndex {
  /** word -> slots of the records that have (or had) it. */
  private readonly postings = new Map<string, number[]>();
  /** Every distinct word, in the order first seen, and where each starts in `vocabulary`. */
  private readonly words: string[] = [];
  private readonly wordStarts: number[] = [];
  private vocabulary = '';
  /** Words added since `vocabulary` was last extended. */
  private pendingWords: string[] = [];
  private postingCount = 0;

  /** How many slots all postings hold together, stale ones included. */
  get size(): number {
    return this.postingCount;
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

  /** Forgets every posting (before re-adding current texts). */
  clear(): void {
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
    this.extendVocabulary();
    const found: number[] = [];
    let visited = 0;
    let from = 0;
    const vocabulary = this.vocabulary;
    for (;;) {
      const at = vocabulary.indexOf(term, from);
      if (at < 0) return found;
      const wordIndex = this.wordAt(at);
      const slots = this.postings.get(this.words[wordIndex] as string) ?? [];
      visited += slots.length;
      if (visited > limit) return null;
      for (const slot of slots) found.push(slot);
      // Continue after this word: one hit per word is enough.
      from = this.wordStarts[wordIndex + 1] ?? vocabulary.length;
    }
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

  /** The index of the word whose text covers position `at` of the vocabulary. */
  private wordAt(at: number): number {
    let low = 0;
    let high = this.wordStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if ((this.wordStarts[mid] as number) <= at) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

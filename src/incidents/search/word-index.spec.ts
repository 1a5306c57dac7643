import { describe, expect, it } from 'vitest';
import { FrozenWordsError, WordIndex, type FrozenWords } from './word-index';

const sorted = (slots: number[] | null) =>
  slots === null ? null : [...new Set(slots)].sort((a, b) => a - b);

describe('WordIndex', () => {
  it('finds the slots having a word that contains the term, anywhere in the word', () => {
    const words = new WordIndex();
    words.add(0, 'sadir japarov|bishkek');
    words.add(1, 'japarova|osh');
    words.add(2, 'tekebaev|bishkek');
    expect(sorted(words.candidates('japarov', 100))).toEqual([0, 1]);
    expect(sorted(words.candidates('shkek', 100))).toEqual([0, 2]);
    expect(sorted(words.candidates('osh', 100))).toEqual([1]);
    expect(sorted(words.candidates('zzz', 100))).toEqual([]);
  });

  it('never matches across two words or fields', () => {
    const words = new WordIndex();
    words.add(0, 'kara balta|osh');
    expect(words.candidates('abal', 100)).toEqual([]);
    expect(words.candidates('altaosh', 100)).toEqual([]);
  });

  it('sees words added after a search', () => {
    const words = new WordIndex();
    words.add(0, 'bishkek');
    expect(sorted(words.candidates('kloop', 100))).toEqual([]);
    words.add(1, 'kloop');
    expect(sorted(words.candidates('kloop', 100))).toEqual([1]);
    expect(sorted(words.candidates('bishkek', 100))).toEqual([0]);
  });

  it('gives up (null) when a term is in more postings than the limit', () => {
    const words = new WordIndex();
    for (let slot = 0; slot < 50; slot++) words.add(slot, `a${slot} b`);
    expect(words.candidates('a', 10)).toBeNull();
    expect(sorted(words.candidates('a4', 11))).toEqual([4, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(words.candidates('a4', 10)).toBeNull();
  });

  it('counts each word once per added text and forgets everything on clear', () => {
    const words = new WordIndex();
    words.add(0, 'osh osh|osh bishkek');
    expect(words.size).toBe(2);
    words.clear();
    expect(words.size).toBe(0);
    expect(words.candidates('osh', 100)).toEqual([]);
  });
});

describe('WordIndex from a frozen form', () => {
  function frozenOf(words: WordIndex, slots: number): FrozenWords {
    const steps = words.freezeSteps(
      Int32Array.from({ length: slots }, (_, slot) => slot),
      1,
    );
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  it('finds what the index it was frozen from found, and takes additions on top', () => {
    const words = new WordIndex();
    words.add(0, 'sadir japarov|bishkek');
    words.add(1, 'japarova|osh');
    words.add(2, 'tekebaev|bishkek');
    const thawed = WordIndex.fromFrozen(frozenOf(words, 3), 3);
    expect(sorted(thawed.candidates('japarov', 100))).toEqual([0, 1]);
    expect(thawed.size).toBe(words.size);

    thawed.add(3, 'japarovdan|naryn');
    thawed.add(1, 'osh');
    expect(sorted(thawed.candidates('japarov', 100))).toEqual([0, 1, 3]);
    expect(sorted(thawed.candidates('naryn', 100))).toEqual([3]);
    // The limit counts frozen and added postings together.
    expect(thawed.candidates('japarov', 2)).toBeNull();

    // Freezing again merges both, per word, ascending and without repeats.
    const again = frozenOf(thawed, 4);
    expect(again.vocabulary.split('\n').filter(Boolean).sort()).toEqual(
      ['bishkek', 'japarov', 'japarova', 'japarovdan', 'naryn', 'osh', 'sadir', 'tekebaev'].sort(),
    );
    expect(sorted(WordIndex.fromFrozen(again, 4).candidates('osh', 100))).toEqual([1]);
  });

  it('renumbers slots and drops removed ones when frozen', () => {
    const words = new WordIndex();
    words.add(0, 'kloop');
    words.add(2, 'kloop|azattyk');
    words.add(5, 'azattyk');
    const remap = Int32Array.from([0, -1, 1, -1, -1, -1]);
    const steps = words.freezeSteps(remap, 1);
    let step = steps.next();
    while (!step.done) step = steps.next();
    const thawed = WordIndex.fromFrozen(step.value, 2);
    expect(sorted(thawed.candidates('kloop', 100))).toEqual([0, 1]);
    expect(sorted(thawed.candidates('azattyk', 100))).toEqual([1]);
  });

  it('refuses parts that do not fit together', () => {
    const words = new WordIndex();
    words.add(0, 'kloop azattyk');
    words.add(1, 'kloop');
    const good = frozenOf(words, 2);
    expect(() => WordIndex.fromFrozen(good, 1)).toThrow(FrozenWordsError);
    expect(() =>
      WordIndex.fromFrozen({ ...good, vocabulary: good.vocabulary.slice(0, -1) }, 2),
    ).toThrow(FrozenWordsError);
    expect(() =>
      WordIndex.fromFrozen({ ...good, postingStarts: good.postingStarts.slice(1) }, 2),
    ).toThrow(FrozenWordsError);
    expect(() => WordIndex.fromFrozen({ ...good, postings: good.postings.slice(1) }, 2)).toThrow(
      FrozenWordsError,
    );
    const decreasing = Int32Array.from(good.postingStarts);
    decreasing[1] = 5;
    expect(() => WordIndex.fromFrozen({ ...good, postingStarts: decreasing }, 2)).toThrow(
      FrozenWordsError,
    );
    // A word's slots (ascending) bounded by its first and last: both are checked.
    for (const [at, slot] of [
      [0, -1],
      [1, 2],
      [2, 7],
    ] as const) {
      const outside = Int32Array.from(good.postings);
      outside[at] = slot;
      expect(
        () => WordIndex.fromFrozen({ ...good, postings: outside }, 2),
        `posting ${at} = ${slot}`,
      ).toThrow(FrozenWordsError);
    }
  });
});

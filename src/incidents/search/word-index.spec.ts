import { describe, expect, it } from 'vitest';
import { WordIndex } from './word-index';

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

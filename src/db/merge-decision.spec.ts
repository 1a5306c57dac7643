import { describe, expect, it } from 'vitest';
import {
  decideConflictStep,
  decideMerge,
  settlesConflict,
  type KnownRevision,
  type LocalSide,
} from './merge-decision';

const h = (letter: string) => letter.repeat(64);

function rev(hash: string, ...lineage: string[]): KnownRevision {
  return { hash: h(hash), lineage: new Set(lineage.map(h)) };
}

describe('decideMerge', () => {
  const cases: [string, LocalSide, KnownRevision, string][] = [
    ['no local record', 'absent', rev('a'), 'added'],
    ['same revision', rev('a'), rev('a'), 'unchanged'],
    ['same revision, different lineages', rev('a', 'b'), rev('a', 'c'), 'unchanged'],
    ['incoming descends from local', rev('a'), rev('b', 'a'), 'updated'],
    [
      'incoming descends from local two steps on',
      rev('a', 'z'),
      rev('c', 'z', 'a', 'b'),
      'updated',
    ],
    ['incoming is older than local', rev('b', 'a'), rev('a'), 'unchanged'],
    ['incoming is much older than local', rev('c', 'a', 'b'), rev('a'), 'unchanged'],
    ['both changed since a common revision', rev('b', 'a'), rev('c', 'a'), 'conflict'],
    ['no shared history at all', rev('a'), rev('b'), 'conflict'],
    ['local body does not open', 'unreadable', rev('a'), 'conflict'],
    // Both claim the other: only possible with forged lineages; taking the incoming one is harmless.
    ['each lists the other', rev('a', 'b'), rev('b', 'a'), 'updated'],
  ];
  it.each(cases)('%s', (_name, local, incoming, expected) => {
    expect(decideMerge(local, incoming)).toBe(expected);
  });
});

describe('decideConflictStep', () => {
  const cases: [string, KnownRevision | undefined, KnownRevision, string][] = [
    ['nothing stored', undefined, rev('c', 'a'), 'store'],
    ['the same revision again', rev('c', 'a'), rev('c', 'a'), 'known'],
    ['an older revision than the stored one', rev('d', 'a', 'c'), rev('c', 'a'), 'known'],
    ['a newer revision of the stored one', rev('c', 'a'), rev('d', 'a', 'c'), 'replace'],
    ['unrelated to the stored one', rev('c', 'a'), rev('e', 'a'), 'diverged'],
  ];
  it.each(cases)('%s', (_name, stored, incoming, expected) => {
    expect(decideConflictStep(stored, incoming)).toBe(expected);
  });
});

describe('settlesConflict', () => {
  it('is settled when the local revision is or descends from the stored one', () => {
    expect(settlesConflict(rev('c', 'a'), rev('c', 'a'))).toBe(true);
    expect(settlesConflict(rev('d', 'a', 'c'), rev('c', 'a'))).toBe(true);
  });
  it('is not settled by an unrelated local revision', () => {
    expect(settlesConflict(rev('d', 'a', 'b'), rev('c', 'a'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { removeAt, replaceAt } from './list-edit';

describe('list edits', () => {
  it('patches one row and leaves the others and the input untouched', () => {
    const rows = [
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ];
    const next = replaceAt(rows, 1, { b: 'z' });
    expect(next).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'z' },
    ]);
    expect(rows[1]).toEqual({ a: 2, b: 'y' });
    expect(next[0]).toBe(rows[0]);
  });

  it('removes one row by index', () => {
    expect(removeAt(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
    expect(removeAt(['a'], 5)).toEqual(['a']);
  });
});

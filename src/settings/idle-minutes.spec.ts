import { describe, expect, it } from 'vitest';
import { parseIdleMinutes, wipeAfterChoices } from './idle-minutes';

describe('idle lock minutes', () => {
  it('accepts whole minutes from 1 to 240', () => {
    expect(parseIdleMinutes('1')).toBe(1);
    expect(parseIdleMinutes(' 10 ')).toBe(10);
    expect(parseIdleMinutes('240')).toBe(240);
  });

  it('refuses anything else', () => {
    for (const text of ['', '0', '241', '1000', '2.5', '-3', '1e2', 'ten']) {
      expect(parseIdleMinutes(text)).toBeNull();
    }
  });
});

describe('wipe-after choices', () => {
  it('offers the usual numbers and keeps a current unusual one', () => {
    expect(wipeAfterChoices(null)).toEqual([3, 5, 10, 20]);
    expect(wipeAfterChoices(5)).toEqual([3, 5, 10, 20]);
    expect(wipeAfterChoices(7)).toEqual([3, 5, 7, 10, 20]);
  });
});

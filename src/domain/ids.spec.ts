import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { newId, timestampOfId } from './ids';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a lower-case UUID with version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newId();
      expect(id).toMatch(UUID_V7);
      const versionNibble = Number.parseInt(id[14] ?? '', 16);
      const variantNibble = Number.parseInt(id[19] ?? '', 16);
      expect(versionNibble).toBe(7);
      expect(variantNibble >> 2).toBe(0b10);
    }
  });

  it('is accepted by the zod uuid check the record schemas use', () => {
    expect(z.uuid().safeParse(newId()).success).toBe(true);
  });

  it('carries the current time in its first 48 bits', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(timestampOfId(id)).toBeGreaterThanOrEqual(before);
    expect(timestampOfId(id)).toBeLessThanOrEqual(after + 1);
  });

  it('sorts by creation time across milliseconds', () => {
    vi.useFakeTimers();
    const ids: string[] = [];
    for (let ms = 0; ms < 50; ms++) {
      vi.setSystemTime(Date.UTC(2030, 0, 1) + ms * 7);
      ids.push(newId(), newId());
    }
    expect([...ids].sort()).toEqual(ids);
    expect(timestampOfId(ids[0] ?? '')).toBe(Date.UTC(2030, 0, 1));
  });

  it('stays strictly increasing within one millisecond and when the clock steps back', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2031, 5, 1));
    const sameMs = Array.from({ length: 2000 }, () => newId());
    vi.setSystemTime(Date.UTC(2031, 4, 1)); // clock went back a month
    const afterStepBack = Array.from({ length: 10 }, () => newId());
    const all = [...sameMs, ...afterStepBack];
    for (let i = 1; i < all.length; i++) {
      expect((all[i - 1] ?? '') < (all[i] ?? '')).toBe(true);
    }
  });

  it('produces 100,000 unique ids', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(newId());
    expect(ids.size).toBe(100_000);
  });
});

import { describe, expect, it } from 'vitest';
import { percentile, summarise } from '../../../bench/page/stats';

describe('bench latency statistics', () => {
  it('take the nearest-rank percentile', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarise unsorted samples', () => {
    expect(summarise([30, 10, 20, 40])).toEqual({ count: 4, p50: 20, p95: 40, max: 40, mean: 25 });
  });
});

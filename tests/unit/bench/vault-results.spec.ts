import { describe, expect, it } from 'vitest';
import { median, overhead, throughput, unlockTotals } from '../../../bench/node/vault-results';
import { VAULT_RESULTS } from './vault-results.fixture';

describe('vault bench figures', () => {
  it('median: middle value, mean of the two middle ones, NaN for none, input untouched', () => {
    const runs = [1_300, 900, 1_000];
    expect(median(runs)).toBe(1_000);
    expect(runs).toEqual([1_300, 900, 1_000]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('throughput: microseconds per record and plaintext MB/s', () => {
    const rate = throughput(20_000, 24_000_000, 1_000);
    expect(rate.microsecondsPerRecord).toBe(50);
    expect(rate.megabytesPerSecond).toBe(24);
    expect(throughput(0, 0, 10).microsecondsPerRecord).toBeNaN();
    expect(throughput(10, 100, 0).megabytesPerSecond).toBeNaN();
  });

  it('unlock totals: median key derivation, then the renderer steps, then the index', () => {
    const totals = unlockTotals(VAULT_RESULTS);
    expect(totals.keyDerivationMs).toBe(1_000);
    expect(totals.firstPageMs).toBe(1_000 + 1 + 20 + 40);
    expect(totals.searchReadyMs).toBe(1_061 + 16_400);
  });

  it('overhead: sealed over clear, NaN without a clear figure', () => {
    expect(overhead(120, 80)).toBe(1.5);
    expect(overhead(5, 0)).toBeNaN();
  });
});

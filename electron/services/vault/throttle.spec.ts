import { describe, expect, it } from 'vitest';
import { MAX_UNLOCK_DELAY_MS, unlockDelayMs } from './throttle';

describe('unlockDelayMs', () => {
  it('is free for two failures, then doubles from 2 s and stops at 5 minutes', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 50, 1e9].map(unlockDelayMs);
    expect(delays).toEqual([
      0, 0, 0, 2000, 4000, 8000, 16000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    expect(MAX_UNLOCK_DELAY_MS).toBe(300_000);
  });
});

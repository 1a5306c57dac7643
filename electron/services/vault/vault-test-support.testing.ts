import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Test helper: fresh data folders, removed after each test. */

/** Fast scrypt for tests; the default 2^18 is asserted separately. */
export const TEST_LOG_N = 10;
export const PASSPHRASE = 'Ала-Тоо 1916 жылы, кыш!';
export const OTHER_PASSPHRASE = 'Sary-Chelek lake at dawn 7';

const folders: string[] = [];

export async function makeDataDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'depter-vault-'));
  folders.push(folder);
  return folder;
}

afterEach(async () => {
  await Promise.all(
    folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
  );
});

/** A mutable clock for throttle tests. */
export function manualClock(start = Date.parse('2026-11-28T20:00:00Z')): {
  now: () => number;
  advance(ms: number): void;
} {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

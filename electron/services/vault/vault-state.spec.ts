import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultVaultState, readVaultState, writeVaultState } from './vault-state';
import { makeDataDir } from './vault-test-support.testing';

describe('vault-state.json', () => {
  it('round-trips the throttle and the settings', async () => {
    const path = join(await makeDataDir(), 'vault-state.json');
    const state = {
      failedAttempts: 4,
      lastFailureAt: Date.parse('2026-11-28T20:00:00.000Z'),
      retryNotBefore: Date.parse('2026-11-28T20:00:04.000Z'),
      settings: { idleLockMinutes: 3, wipeAfterFailures: 10 },
    };
    await writeVaultState(path, state);
    expect(await readVaultState(path)).toEqual({ kind: 'ok', state });
  });

  it('tells a missing file from a damaged one', async () => {
    const dir = await makeDataDir();
    expect(await readVaultState(join(dir, 'vault-state.json'))).toEqual({ kind: 'missing' });
    // A folder where the file should be cannot be read either.
    expect(await readVaultState(dir)).toEqual({ kind: 'damaged' });
  });

  const good = {
    format: 1,
    failedAttempts: 0,
    lastFailureAt: null,
    retryNotBefore: null,
    settings: { idleLockMinutes: 10, wipeAfterFailures: null },
  };
  it.each<[string, string]>([
    ['empty', ''],
    ['not JSON', '{"format":1,'],
    ['another format', JSON.stringify({ ...good, format: 2 })],
    ['negative counter', JSON.stringify({ ...good, failedAttempts: -1 })],
    ['fractional counter', JSON.stringify({ ...good, failedAttempts: 1.5 })],
    ['counter missing', JSON.stringify({ ...good, failedAttempts: undefined })],
    ['not a date', JSON.stringify({ ...good, retryNotBefore: 'soon' })],
    ['unknown field', JSON.stringify({ ...good, note: 'x' })],
    [
      'idle lock out of range',
      JSON.stringify({ ...good, settings: { idleLockMinutes: 0, wipeAfterFailures: null } }),
    ],
    [
      'wipe after too few',
      JSON.stringify({ ...good, settings: { idleLockMinutes: 10, wipeAfterFailures: 1 } }),
    ],
  ])('%s is damaged', async (_name, text) => {
    const path = join(await makeDataDir(), 'vault-state.json');
    await writeFile(path, text);
    expect(await readVaultState(path)).toEqual({ kind: 'damaged' });
  });

  it('defaults: no failures, lock after 10 idle minutes, never wipe', () => {
    expect(defaultVaultState()).toEqual({
      failedAttempts: 0,
      lastFailureAt: null,
      retryNotBefore: null,
      settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    });
  });
});

import { existsSync } from 'node:fs';
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encrypt } from '../age';
import { formatKeyFile, generateVaultKeys } from './key-file';
import { VaultService, type UnlockResult, type VaultKeys } from './vault-service';
import {
  makeDataDir,
  manualClock,
  OTHER_PASSPHRASE,
  PASSPHRASE,
  TEST_LOG_N,
} from './vault-test-support.testing';

function copyOfKeys(keys: VaultKeys): VaultKeys {
  return {
    ...keys,
    signingSeed: Buffer.from(keys.signingSeed),
    recordsKey: Buffer.from(keys.recordsKey),
    signingPublicKey: Buffer.from(keys.signingPublicKey),
  };
}

function keysOf(result: UnlockResult): VaultKeys {
  if (!result.ok) throw new Error(`expected success, got ${result.error}`);
  return copyOfKeys(result.keys);
}

async function createdVault(options: { now?: () => number } = {}): Promise<{
  dataDir: string;
  vault: VaultService;
  keys: VaultKeys;
}> {
  const dataDir = await makeDataDir();
  const vault = new VaultService({ dataDir, logN: TEST_LOG_N, ...options });
  const keys = keysOf(await vault.create(PASSPHRASE));
  return { dataDir, vault, keys };
}

describe('VaultService: create, unlock, lock', () => {
  it('starts absent, creates, locks and unlocks to the same keys', async () => {
    const dataDir = await makeDataDir();
    const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
    expect(await vault.status()).toEqual({
      state: 'absent',
      failedAttempts: 0,
      retryAfterMs: 0,
      settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    });
    const created = keysOf(await vault.create(PASSPHRASE));
    expect((await vault.status()).state).toBe('unlocked');
    expect(created.recordsKey).toHaveLength(32);

    const held = vault.keys();
    vault.lock();
    expect(vault.keys()).toBeNull();
    expect(held?.recordsKey.every((byte) => byte === 0)).toBe(true);
    expect(held?.signingSeed.every((byte) => byte === 0)).toBe(true);
    expect((await vault.status()).state).toBe('locked');

    const reopened = new VaultService({ dataDir, logN: TEST_LOG_N });
    expect((await reopened.status()).state).toBe('locked');
    expect(keysOf(await reopened.unlock(PASSPHRASE))).toEqual(created);
    expect((await reopened.status()).state).toBe('unlocked');
  });

  it('writes keys.age owner-only and leaves no temp file', async () => {
    const { dataDir } = await createdVault();
    expect((await stat(join(dataDir, 'keys.age'))).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'keys.age.tmp'))).toBe(false);
    const state = JSON.parse(await readFile(join(dataDir, 'vault-state.json'), 'utf8')) as unknown;
    expect(state).toEqual({
      format: 1,
      failedAttempts: 0,
      lastFailureAt: null,
      retryNotBefore: null,
      settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    });
  });

  it('encrypts keys.age with exactly one scrypt stanza at work factor 2^18 by default', async () => {
    const dataDir = await makeDataDir();
    const vault = new VaultService({ dataDir });
    keysOf(await vault.create(PASSPHRASE));
    const header = (await readFile(join(dataDir, 'keys.age'), 'latin1')).split('\n---')[0] ?? '';
    const lines = header.split('\n');
    expect(lines[0]).toBe('age-encryption.org/v1');
    const stanzas = lines.filter((line) => line.startsWith('-> '));
    expect(stanzas).toHaveLength(1);
    expect(stanzas[0]).toMatch(/^-> scrypt [A-Za-z0-9+/]{22} 18$/);
  }, 60_000);

  it('refuses an empty or weak new passphrase and writes nothing', async () => {
    const dataDir = await makeDataDir();
    const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
    expect(await vault.create('')).toMatchObject({ ok: false, error: 'EMPTY_PASSPHRASE' });
    expect(await vault.create('qwerty123')).toMatchObject({ ok: false, error: 'WEAK_PASSPHRASE' });
    expect(await vault.create('Bishkek2024')).toMatchObject({
      ok: false,
      error: 'WEAK_PASSPHRASE',
    });
    expect(existsSync(join(dataDir, 'keys.age'))).toBe(false);
    expect((await vault.status()).state).toBe('absent');
  });

  it('never overwrites an existing keys.age', async () => {
    const { dataDir } = await createdVault();
    const before = await readFile(join(dataDir, 'keys.age'));
    const second = new VaultService({ dataDir, logN: TEST_LOG_N });
    const result = await second.create(OTHER_PASSPHRASE);
    expect(result).toMatchObject({ ok: false, error: 'VAULT_EXISTS', status: { state: 'locked' } });
    expect(await readFile(join(dataDir, 'keys.age'))).toEqual(before);
  });

  it('reports KEY_FILE_MISSING when there is no vault to unlock', async () => {
    const vault = new VaultService({ dataDir: await makeDataDir(), logN: TEST_LOG_N });
    expect(await vault.unlock(PASSPHRASE)).toMatchObject({
      ok: false,
      error: 'KEY_FILE_MISSING',
      status: { state: 'absent', failedAttempts: 0 },
    });
  });

  it('a lock while an unlock derives its key wins: refused, no keys held, the next unlock opens', async () => {
    const { dataDir, keys } = await createdVault();
    const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
    const unlocking = vault.unlock(PASSPHRASE);
    vault.lock();
    expect(await unlocking).toMatchObject({
      ok: false,
      error: 'LOCKED_WHILE_OPENING',
      status: { state: 'locked', failedAttempts: 0 },
    });
    expect(vault.keys()).toBeNull();
    // A lock before the call does not refuse it.
    expect(keysOf(await vault.unlock(PASSPHRASE))).toEqual(keys);
  });

  it('a lock while a new vault is being created: the vault exists but stays locked', async () => {
    const vault = new VaultService({ dataDir: await makeDataDir(), logN: TEST_LOG_N });
    const creating = vault.create(PASSPHRASE);
    vault.lock();
    expect(await creating).toMatchObject({ ok: false, error: 'LOCKED_WHILE_OPENING' });
    expect(vault.keys()).toBeNull();
    expect((await vault.status()).state).toBe('locked');
    expect((await vault.unlock(PASSPHRASE)).ok).toBe(true);
  });

  it('runs operations one at a time: two wrong attempts at once both count', async () => {
    const { dataDir } = await createdVault();
    const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
    const results = await Promise.all([vault.unlock('wrong one'), vault.unlock('wrong two')]);
    expect(results.map((result) => !result.ok && result.error)).toEqual([
      'WRONG_PASSPHRASE',
      'WRONG_PASSPHRASE',
    ]);
    expect((await vault.status()).failedAttempts).toBe(2);
  });
});

describe('VaultService: refusals leave keys.age as it was', () => {
  it('wrong passphrase: WRONG_PASSPHRASE, counted', async () => {
    const { dataDir, vault } = await createdVault();
    vault.lock();
    const before = await readFile(join(dataDir, 'keys.age'));
    expect(await vault.unlock('Not the passphrase 42')).toMatchObject({
      ok: false,
      error: 'WRONG_PASSPHRASE',
      status: { state: 'locked', failedAttempts: 1, retryAfterMs: 0 },
    });
    expect(vault.keys()).toBeNull();
    expect(await readFile(join(dataDir, 'keys.age'))).toEqual(before);
  });

  it('empty passphrase: EMPTY_PASSPHRASE, not counted', async () => {
    const { vault } = await createdVault();
    vault.lock();
    expect(await vault.unlock('')).toMatchObject({
      ok: false,
      error: 'EMPTY_PASSPHRASE',
      status: { failedAttempts: 0 },
    });
  });

  it('damaged keys.age: flipped payload bytes, truncations, empty, not age', async () => {
    const { dataDir, vault } = await createdVault();
    vault.lock();
    const path = join(dataDir, 'keys.age');
    const good = await readFile(path);
    const headerEnd = good.indexOf('\n', good.indexOf('\n---') + 1) + 1;
    // The MAC line is "--- " and 43 base64 characters.
    expect(good.toString('latin1', headerEnd - 48, headerEnd - 44)).toBe('--- ');
    const variants: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['not age', Buffer.from('# just a note\nAGE-SECRET-KEY-1...\n')],
      ['flipped payload nonce byte', flip(good, headerEnd + 3)],
      ['flipped payload byte', flip(good, headerEnd + 40)],
      ['flipped last byte', flip(good, good.length - 1)],
      ['flipped MAC character', flipBase64Character(good, headerEnd - 5)],
      ['trailing garbage', Buffer.concat([good, Buffer.from('x')])],
      ...[10, 25, headerEnd - 20, headerEnd - 1, headerEnd, headerEnd + 16, good.length - 1].map(
        (length): [string, Buffer] => [`truncated to ${length} bytes`, good.subarray(0, length)],
      ),
    ];
    for (const [name, bytes] of variants) {
      await writeFile(path, bytes);
      const result = await vault.unlock(PASSPHRASE);
      expect(result.ok ? 'ok' : result.error, name).toBe('KEY_FILE_DAMAGED');
      expect(await readFile(path), name).toEqual(bytes);
      expect((await vault.status()).failedAttempts, name).toBe(0);
    }
    await writeFile(path, good);
    expect((await vault.unlock(PASSPHRASE)).ok).toBe(true);
  });

  it('a flipped byte in the scrypt stanza reads as a wrong passphrase: age cannot tell them apart', async () => {
    const { dataDir, vault } = await createdVault();
    vault.lock();
    const path = join(dataDir, 'keys.age');
    const good = await readFile(path);
    // The salt argument starts right after "-> scrypt ".
    const saltStart = good.indexOf('-> scrypt ') + '-> scrypt '.length;
    const bodyStart = good.indexOf('\n', saltStart) + 1;
    for (const offset of [saltStart + 2, bodyStart + 5]) {
      const bytes = flipBase64Character(good, offset);
      await writeFile(path, bytes);
      const result = await vault.unlock(PASSPHRASE);
      expect(['WRONG_PASSPHRASE', 'KEY_FILE_DAMAGED']).toContain(result.ok ? 'ok' : result.error);
      expect(await readFile(path)).toEqual(bytes);
    }
  });

  it('refuses a key file demanding more scrypt work than Depter writes, before running scrypt', async () => {
    const { dataDir, vault } = await createdVault();
    vault.lock();
    const path = join(dataDir, 'keys.age');
    // A valid key file, so only the work factor is wrong with it.
    const greedy = await encrypt(Buffer.from(formatKeyFile(generateVaultKeys())), {
      passphrase: PASSPHRASE,
      logN: 19,
    });
    await writeFile(path, greedy);
    expect(await vault.unlock(PASSPHRASE)).toMatchObject({ ok: false, error: 'KEY_FILE_DAMAGED' });
    expect(await readFile(path)).toEqual(greedy);
  });

  it('an age file that opens but is not a key file: KEY_FILE_DAMAGED', async () => {
    const { dataDir, vault } = await createdVault();
    vault.lock();
    const path = join(dataDir, 'keys.age');
    const foreign = await encrypt(Buffer.from('hello\n'), {
      passphrase: PASSPHRASE,
      logN: TEST_LOG_N,
    });
    await writeFile(path, foreign);
    expect(await vault.unlock(PASSPHRASE)).toMatchObject({ ok: false, error: 'KEY_FILE_DAMAGED' });
    expect(await readFile(path)).toEqual(foreign);
  });

  it("another install's keys.age: our passphrase is wrong; theirs opens a different device", async () => {
    const ours = await createdVault();
    const theirDir = await makeDataDir();
    const theirs = keysOf(
      await new VaultService({ dataDir: theirDir, logN: TEST_LOG_N }).create(OTHER_PASSPHRASE),
    );
    await copyFile(join(theirDir, 'keys.age'), join(ours.dataDir, 'keys.age'));
    const copied = await readFile(join(ours.dataDir, 'keys.age'));

    const vault = new VaultService({ dataDir: ours.dataDir, logN: TEST_LOG_N });
    expect(await vault.unlock(PASSPHRASE)).toMatchObject({ ok: false, error: 'WRONG_PASSPHRASE' });
    expect(await readFile(join(ours.dataDir, 'keys.age'))).toEqual(copied);
    // The repository's key check is what refuses these keys for our records.
    const opened = keysOf(await vault.unlock(OTHER_PASSPHRASE));
    expect(opened.deviceId).toBe(theirs.deviceId);
    expect(opened.deviceId).not.toBe(ours.keys.deviceId);
    expect(opened.recordsKey.equals(ours.keys.recordsKey)).toBe(false);
  });
});

describe('VaultService: throttle', () => {
  it('free for two failures, then 2, 4, 8 s; THROTTLED before the time; persisted; reset on success', async () => {
    const clock = manualClock();
    const { dataDir, vault } = await createdVault({ now: clock.now });
    vault.lock();
    const wrong = 'Wrong guess number 1';

    expect(await vault.unlock(wrong)).toMatchObject({
      status: { failedAttempts: 1, retryAfterMs: 0 },
    });
    expect(await vault.unlock(wrong)).toMatchObject({
      status: { failedAttempts: 2, retryAfterMs: 0 },
    });
    expect(await vault.unlock(wrong)).toMatchObject({
      error: 'WRONG_PASSPHRASE',
      status: { failedAttempts: 3, retryAfterMs: 2000 },
    });

    clock.advance(1500);
    // Even the right passphrase is refused before the time, without trying it.
    expect(await vault.unlock(PASSPHRASE)).toMatchObject({
      ok: false,
      error: 'THROTTLED',
      status: { failedAttempts: 3, retryAfterMs: 500 },
    });
    clock.advance(500);
    expect(await vault.unlock(wrong)).toMatchObject({
      status: { failedAttempts: 4, retryAfterMs: 4000 },
    });
    clock.advance(4000);
    expect(await vault.unlock(wrong)).toMatchObject({
      status: { failedAttempts: 5, retryAfterMs: 8000 },
    });

    // A restart does not forget.
    clock.advance(1000);
    const restarted = new VaultService({ dataDir, logN: TEST_LOG_N, now: clock.now });
    expect(await restarted.status()).toMatchObject({ failedAttempts: 5, retryAfterMs: 7000 });
    expect(await restarted.unlock(PASSPHRASE)).toMatchObject({ error: 'THROTTLED' });
    clock.advance(7000);
    expect((await restarted.unlock(PASSPHRASE)).ok).toBe(true);
    expect(await restarted.status()).toMatchObject({ failedAttempts: 0, retryAfterMs: 0 });
    const state = JSON.parse(await readFile(join(dataDir, 'vault-state.json'), 'utf8')) as {
      failedAttempts: number;
    };
    expect(state.failedAttempts).toBe(0);
  });

  it('caps the delay at five minutes', async () => {
    const clock = manualClock();
    const { vault } = await createdVault({ now: clock.now });
    vault.lock();
    let last: UnlockResult | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      last = await vault.unlock('Wrong guess number 2');
      clock.advance(last.ok ? 0 : last.status.retryAfterMs);
    }
    expect(last).toMatchObject({ status: { failedAttempts: 12 } });
    expect(await vault.unlock('Wrong guess number 2')).toMatchObject({
      status: { failedAttempts: 13, retryAfterMs: 300_000 },
    });
  });

  it('a damaged state file costs one maximum delay and keeps the default settings', async () => {
    const clock = manualClock();
    const { dataDir, vault } = await createdVault({ now: clock.now });
    vault.lock();
    await writeFile(join(dataDir, 'vault-state.json'), '{"format":1,"failedAttempts":');
    const restarted = new VaultService({ dataDir, logN: TEST_LOG_N, now: clock.now });
    expect(await restarted.status()).toEqual({
      state: 'locked',
      failedAttempts: 0,
      retryAfterMs: 300_000,
      settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    });
    expect(await restarted.unlock(PASSPHRASE)).toMatchObject({ error: 'THROTTLED' });
    clock.advance(300_000);
    expect((await restarted.unlock(PASSPHRASE)).ok).toBe(true);
  });

  it('a deleted state file beside keys.age also costs one maximum delay', async () => {
    const clock = manualClock();
    const { dataDir, vault } = await createdVault({ now: clock.now });
    vault.lock();
    await rm(join(dataDir, 'vault-state.json'));
    const restarted = new VaultService({ dataDir, logN: TEST_LOG_N, now: clock.now });
    expect(await restarted.status()).toMatchObject({ retryAfterMs: 300_000 });
  });

  it('cuts a wait set by a wrong clock or an edited state file to the maximum', async () => {
    const clock = manualClock();
    const { dataDir, vault } = await createdVault({ now: clock.now });
    vault.lock();
    await writeFile(
      join(dataDir, 'vault-state.json'),
      JSON.stringify({
        format: 1,
        failedAttempts: 7,
        lastFailureAt: '2100-01-01T00:00:00.000Z',
        retryNotBefore: '2100-01-01T00:05:00.000Z',
        settings: { idleLockMinutes: 10, wipeAfterFailures: null },
      }),
    );
    const restarted = new VaultService({ dataDir, logN: TEST_LOG_N, now: clock.now });
    expect(await restarted.status()).toMatchObject({ failedAttempts: 7, retryAfterMs: 300_000 });
    clock.advance(300_000);
    expect((await restarted.unlock(PASSPHRASE)).ok).toBe(true);
  });

  it('wipes after N failures when set, and only then', async () => {
    const clock = manualClock();
    const dataDir = await makeDataDir();
    let databaseDeleted = 0;
    const vault = new VaultService({
      dataDir,
      logN: TEST_LOG_N,
      now: clock.now,
      deleteDatabase: async () => {
        databaseDeleted++;
      },
    });
    keysOf(await vault.create(PASSPHRASE));
    expect(await vault.setSettings({ idleLockMinutes: 5, wipeAfterFailures: 3 })).toMatchObject({
      settings: { idleLockMinutes: 5, wipeAfterFailures: 3 },
    });
    vault.lock();
    await expect(
      vault.setSettings({ idleLockMinutes: 5, wipeAfterFailures: null }),
    ).rejects.toThrow(/unlocked/);

    const restarted = new VaultService({
      dataDir,
      logN: TEST_LOG_N,
      now: clock.now,
      deleteDatabase: async () => {
        databaseDeleted++;
      },
    });
    expect(await restarted.unlock('Wrong guess number 3')).toMatchObject({
      error: 'WRONG_PASSPHRASE',
    });
    expect(await restarted.unlock('Wrong guess number 3')).toMatchObject({
      error: 'WRONG_PASSPHRASE',
    });
    expect(databaseDeleted).toBe(0);
    expect(await restarted.unlock('Wrong guess number 3')).toMatchObject({
      ok: false,
      error: 'WIPED_AFTER_FAILURES',
      status: { state: 'absent', failedAttempts: 0, settings: { wipeAfterFailures: null } },
    });
    expect(databaseDeleted).toBe(1);
    expect(existsSync(join(dataDir, 'keys.age'))).toBe(false);
    expect(existsSync(join(dataDir, 'vault-state.json'))).toBe(false);
  });
});

describe('VaultService: change passphrase', () => {
  it('re-encrypts keys.age: the new passphrase opens the same keys, the old one no longer', async () => {
    const { dataDir, vault, keys } = await createdVault();
    const before = await readFile(join(dataDir, 'keys.age'));
    expect(await vault.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE)).toEqual({ ok: true });
    expect(await readFile(join(dataDir, 'keys.age'))).not.toEqual(before);
    expect(existsSync(join(dataDir, 'keys.age.tmp'))).toBe(false);
    // The session stays unlocked with the same keys.
    expect(vault.keys()?.deviceId).toBe(keys.deviceId);

    const restarted = new VaultService({ dataDir, logN: TEST_LOG_N });
    expect(await restarted.unlock(PASSPHRASE)).toMatchObject({ error: 'WRONG_PASSPHRASE' });
    expect(keysOf(await restarted.unlock(OTHER_PASSPHRASE))).toEqual(keys);
  });

  it('refuses a wrong current, an empty or weak new passphrase; keys.age untouched', async () => {
    const { dataDir, vault } = await createdVault();
    const before = await readFile(join(dataDir, 'keys.age'));
    expect(await vault.changePassphrase('Not it at all 99', OTHER_PASSPHRASE)).toMatchObject({
      ok: false,
      error: 'WRONG_PASSPHRASE',
      status: { state: 'unlocked', failedAttempts: 1 },
    });
    expect(await vault.changePassphrase(PASSPHRASE, '')).toMatchObject({
      error: 'EMPTY_PASSPHRASE',
    });
    expect(await vault.changePassphrase('', OTHER_PASSPHRASE)).toMatchObject({
      error: 'EMPTY_PASSPHRASE',
    });
    expect(await vault.changePassphrase(PASSPHRASE, 'password1')).toMatchObject({
      error: 'WEAK_PASSPHRASE',
    });
    expect(await readFile(join(dataDir, 'keys.age'))).toEqual(before);
  });

  it('reports each step to the hook in order', async () => {
    const { vault } = await createdVault();
    const steps: string[] = [];
    await vault.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE, {
      afterStep: (step) => {
        steps.push(step);
      },
    });
    expect(steps).toEqual(['temp-written', 'temp-synced', 'renamed', 'dir-synced']);
  });
});

function flip(bytes: Buffer, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = (copy[offset] ?? 0) ^ 0x01;
  return copy;
}

/** Changes one base64 character of the header to another valid one, so the header still parses. */
function flipBase64Character(bytes: Buffer, offset: number): Buffer {
  const copy = Buffer.from(bytes);
  const current = String.fromCharCode(copy[offset] ?? 0);
  copy[offset] = (current === 'A' ? 'B' : 'A').charCodeAt(0);
  return copy;
}

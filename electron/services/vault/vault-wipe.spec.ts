import { existsSync } from 'node:fs';
import { link, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { VaultService } from './vault-service';
import {
  makeDataDir,
  OTHER_PASSPHRASE,
  PASSPHRASE,
  TEST_LOG_N,
} from './vault-test-support.testing';

async function vaultWithData(): Promise<{ dataDir: string; vault: VaultService }> {
  const dataDir = await makeDataDir();
  const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
  const created = await vault.create(PASSPHRASE);
  if (!created.ok) throw new Error(created.error);
  await mkdir(join(dataDir, 'evidence', 'ab'), { recursive: true });
  await writeFile(join(dataDir, 'evidence', 'ab', 'abcdef.age'), 'sealed evidence');
  await writeFile(join(dataDir, 'keys.age.tmp'), 'an unfinished passphrase change');
  return { dataDir, vault };
}

describe('VaultService.wipe', () => {
  it('leaves no key file, temp file, evidence or state; deletes the database; first start again', async () => {
    const { dataDir, vault } = await vaultWithData();
    const deleteDatabase = vi.fn(async () => undefined);
    const result = await vault.wipe({ deleteDatabase });
    expect(result).toEqual({ keyFileDestroyed: true, failedSteps: [] });
    expect(deleteDatabase).toHaveBeenCalledOnce();
    expect(await readdir(dataDir)).toEqual([]);
    expect(vault.keys()).toBeNull();
    expect(await vault.status()).toEqual({
      state: 'absent',
      failedAttempts: 0,
      retryAfterMs: 0,
      settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    });
    expect(await vault.unlock(PASSPHRASE)).toMatchObject({ error: 'KEY_FILE_MISSING' });

    const fresh = new VaultService({ dataDir, logN: TEST_LOG_N });
    expect((await fresh.status()).retryAfterMs).toBe(0);
    const recreated = await fresh.create(OTHER_PASSPHRASE);
    expect(recreated.ok).toBe(true);
  });

  it('forgets the keys it held: the buffers are zero-filled', async () => {
    const { vault } = await vaultWithData();
    const held = vault.keys();
    await vault.wipe({ deleteDatabase: async () => undefined });
    expect(held?.recordsKey.every((byte) => byte === 0)).toBe(true);
  });

  it('overwrites keys.age in place before unlinking it', async () => {
    const { dataDir, vault } = await vaultWithData();
    // A second name for the same inode still shows the bytes after the unlink.
    const witness = join(dataDir, 'witness');
    await link(join(dataDir, 'keys.age'), witness);
    const before = await readFile(witness);
    await vault.wipe({ deleteDatabase: async () => undefined });
    const after = await readFile(witness);
    expect(after).toHaveLength(before.length);
    expect(after.equals(before)).toBe(false);
    expect(after.includes(Buffer.from('age-encryption.org'))).toBe(false);
  });

  it('destroys keys.age before the database, and keeps going when the database step fails', async () => {
    const { dataDir, vault } = await vaultWithData();
    let keyFileAtDatabaseStep: boolean | undefined;
    const result = await vault.wipe({
      deleteDatabase: async () => {
        keyFileAtDatabaseStep = existsSync(join(dataDir, 'keys.age'));
        throw new Error('database busy');
      },
    });
    expect(keyFileAtDatabaseStep).toBe(false);
    expect(result).toEqual({ keyFileDestroyed: true, failedSteps: ['database'] });
    expect(existsSync(join(dataDir, 'evidence'))).toBe(false);
    expect(existsSync(join(dataDir, 'vault-state.json'))).toBe(false);
  });

  it('works while locked and on a folder that holds nothing', async () => {
    const { dataDir, vault } = await vaultWithData();
    vault.lock();
    expect(
      await new VaultService({ dataDir }).wipe({ deleteDatabase: async () => undefined }),
    ).toEqual({
      keyFileDestroyed: true,
      failedSteps: [],
    });
    expect(await readdir(dataDir)).toEqual([]);
    expect(
      await new VaultService({ dataDir: await makeDataDir() }).wipe({
        deleteDatabase: async () => undefined,
      }),
    ).toEqual({ keyFileDestroyed: true, failedSteps: [] });
  });
});

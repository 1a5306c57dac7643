import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeDataDir, PASSPHRASE, TEST_LOG_N } from './vault-test-support.testing';

// A failing disk can answer stat on keys.age with EIO rather than ENOENT;
// the error is injected into the fs module the vault service uses.
const injected = vi.hoisted(() => ({ failKeyFileStat: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    stat: async (...args: Parameters<typeof real.stat>) => {
      if (injected.failKeyFileStat && String(args[0]).endsWith('keys.age')) {
        throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
      }
      return real.stat(...args);
    },
  };
});

const { VaultService } = await import('./vault-service');

afterEach(() => {
  injected.failKeyFileStat = false;
});

describe('VaultService.wipe on a disk that fails to stat keys.age', () => {
  it('still deletes the database, evidence and state, and does not claim the key file is gone', async () => {
    const dataDir = await makeDataDir();
    const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
    const created = await vault.create(PASSPHRASE);
    if (!created.ok) throw new Error(created.error);
    await mkdir(join(dataDir, 'evidence'));
    await writeFile(join(dataDir, 'evidence', 'abcdef.age'), 'sealed evidence');

    injected.failKeyFileStat = true;
    const deleteDatabase = vi.fn(async () => undefined);
    const result = await vault.wipe({ deleteDatabase });

    expect(result.keyFileDestroyed).toBe(false);
    expect(result.failedSteps).toContain('key-file');
    expect(deleteDatabase).toHaveBeenCalledOnce();
    expect(await readdir(dataDir)).not.toContain('evidence');
    expect(await readdir(dataDir)).not.toContain('vault-state.json');
    expect(vault.keys()).toBeNull();
  });
});

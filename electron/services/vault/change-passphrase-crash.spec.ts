import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPESCRIPT_CHILD_NODE_ARGS } from '../../../scripts/typescript-child-args';
import { VaultService, type ChangePassphraseStep } from './vault-service';
import {
  makeDataDir,
  OTHER_PASSPHRASE,
  PASSPHRASE,
  TEST_LOG_N,
} from './vault-test-support.testing';

const CHILD = join(import.meta.dirname, 'change-passphrase-crash-child.testing.ts');

function runChildKilledAfter(dataDir: string, step: ChangePassphraseStep | 'never') {
  return spawnSync(
    process.execPath,
    [
      ...TYPESCRIPT_CHILD_NODE_ARGS,
      CHILD,
      dataDir,
      PASSPHRASE,
      OTHER_PASSPHRASE,
      step,
      String(TEST_LOG_N),
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
}

async function opensWith(dataDir: string, passphrase: string): Promise<boolean> {
  const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
  const result = await vault.unlock(passphrase);
  return result.ok;
}

describe('a crash during changePassphrase', () => {
  it('the child really changes the passphrase when it is not killed', async () => {
    const dataDir = await makeDataDir();
    expect((await new VaultService({ dataDir, logN: TEST_LOG_N }).create(PASSPHRASE)).ok).toBe(
      true,
    );
    const child = runChildKilledAfter(dataDir, 'never');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ ok: true });
    expect(await opensWith(dataDir, OTHER_PASSPHRASE)).toBe(true);
  });

  it.each<[ChangePassphraseStep, 'old' | 'new']>([
    ['temp-written', 'old'],
    ['temp-synced', 'old'],
    ['renamed', 'new'],
    ['dir-synced', 'new'],
  ])(
    'killed after %s: the %s passphrase opens the same keys, no temp file survives the next start',
    async (step, works) => {
      const dataDir = await makeDataDir();
      const created = await new VaultService({ dataDir, logN: TEST_LOG_N }).create(PASSPHRASE);
      if (!created.ok) throw new Error(created.error);
      const deviceId = created.keys.deviceId;
      const recordsKey = Buffer.from(created.keys.recordsKey);

      const child = runChildKilledAfter(dataDir, step);
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).toBe('');
      expect(existsSync(join(dataDir, 'keys.age.tmp'))).toBe(works === 'old');

      const [passphrase, other] =
        works === 'old' ? [PASSPHRASE, OTHER_PASSPHRASE] : [OTHER_PASSPHRASE, PASSPHRASE];
      const vault = new VaultService({ dataDir, logN: TEST_LOG_N });
      expect((await vault.status()).state).toBe('locked');
      expect(existsSync(join(dataDir, 'keys.age.tmp'))).toBe(false);
      expect(await vault.unlock(other)).toMatchObject({ ok: false, error: 'WRONG_PASSPHRASE' });
      const opened = await vault.unlock(passphrase);
      if (!opened.ok) throw new Error(`${step}: ${opened.error}`);
      expect(opened.keys.deviceId).toBe(deviceId);
      expect(opened.keys.recordsKey.equals(recordsKey)).toBe(true);
      // And the vault can change its passphrase again from here.
      expect(await vault.changePassphrase(passphrase, 'Жаңы сырсөз, 2027-жыл')).toEqual({
        ok: true,
      });
      expect((await readFile(join(dataDir, 'keys.age'))).length).toBeGreaterThan(0);
    },
  );
});

import { scrypt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_VAULT_LOG_N, VaultService } from '../../electron/services/vault/vault-service';

// Strong enough for the strength check; the bench vault lives in a temp folder only.
const BENCH_PASSPHRASE = 'Нарын суусу таңда тоодон агат, 2026!';

export interface BenchVault {
  /** Unlock times, each with a fresh VaultService as on an app start. */
  runsMs: number[];
  /** Node's scrypt alone with age's parameters (r 8, p 1), between the unlocks: the part no code change can shorten. */
  scryptAloneMs: number[];
  logN: number;
  /** The session the renderer would receive: records key as base64, device id. */
  recordsKey: string;
  deviceId: string;
}

function timeScrypt(logN: number): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    scrypt(
      'bench passphrase',
      'bench salt 16 b.',
      32,
      { N: 2 ** logN, r: 8, p: 1, maxmem: 2 ** (logN + 11) },
      (error) => (error ? reject(error) : resolve(performance.now() - start)),
    );
  });
}

/**
 * Creates a real keys.age with the app's work factor in a temp folder, then
 * times `VaultService.unlock` (scrypt in libuv's pool, key file parse) `runs` times.
 */
export async function measureKeyDerivation(runs: number): Promise<BenchVault> {
  const dataDir = await mkdtemp(join(tmpdir(), 'depter-bench-vault-'));
  try {
    const created = await new VaultService({ dataDir }).create(BENCH_PASSPHRASE);
    if (!created.ok) throw new Error(`bench vault not created: ${created.error}`);
    const runsMs: number[] = [];
    const scryptAloneMs: number[] = [];
    let session: { recordsKey: string; deviceId: string } | undefined;
    for (let run = 0; run < runs; run++) {
      const service = new VaultService({ dataDir });
      const start = performance.now();
      const unlocked = await service.unlock(BENCH_PASSPHRASE);
      runsMs.push(performance.now() - start);
      if (!unlocked.ok) throw new Error(`bench vault did not unlock: ${unlocked.error}`);
      session = {
        recordsKey: unlocked.keys.recordsKey.toString('base64'),
        deviceId: unlocked.keys.deviceId,
      };
      service.lock();
      scryptAloneMs.push(await timeScrypt(DEFAULT_VAULT_LOG_N));
    }
    if (!session) throw new Error('no unlock run');
    return { runsMs, scryptAloneMs, logN: DEFAULT_VAULT_LOG_N, ...session };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateX25519Identity,
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  writeFixtureBundle,
  type RecordsFixture,
  type SenderKeys,
} from './bundle-fixtures.testing';
import { BundleError } from './errors';
import { openBundle } from './open-bundle';

let dir: string;
let keys: SenderKeys;
let records: RecordsFixture;
const partner = generateX25519Identity();

beforeEach(async () => {
  dir = await makeTempDir();
  keys = newSender();
  records = await makeRecords(dir, keys.sender.deviceId, [150_000, 3]);
});
afterEach(async () => {
  await removeDir(dir);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BundleError) return error.code;
    throw error;
  }
  throw new Error('expected a BundleError');
}

async function split(volumeSize: number, name = 'x.depter') {
  return writeFixtureBundle(keys, records, join(dir, name), [partner.recipient], { volumeSize });
}

describe('volumes', () => {
  it.each([[7_919], [65_537], [100_003]])(
    'split at %i bytes: equal volumes, the last shorter, opened from the first or from all',
    async (volumeSize) => {
      const result = await split(volumeSize);
      expect(result.paths.length).toBe(Math.ceil(result.size / volumeSize));
      const sizes = await Promise.all(result.paths.map(async (path) => (await stat(path)).size));
      expect(sizes.slice(0, -1).every((size) => size === volumeSize)).toBe(true);
      expect(sizes.at(-1)).toBeLessThanOrEqual(volumeSize);
      const joined = Buffer.concat(await Promise.all(result.paths.map((path) => readFile(path))));
      expect(createHash('sha256').update(joined).digest('hex')).toBe(result.sha256);

      const fromFirst = await openBundle(result.paths[0]!, [partner.identity]);
      expect(fromFirst.bundle.sha256).toBe(result.sha256);
      const shuffled = [...result.paths].reverse();
      const fromAll = await openBundle(shuffled, [partner.identity]);
      expect(fromAll.bundle.paths).toEqual(result.paths);
      expect(fromAll.records).toEqual(fromFirst.records);
    },
  );

  it('writes one NAME.depter when the bundle fits in one volume', async () => {
    const result = await split(10 * 1024 * 1024);
    expect(result.paths).toEqual([join(dir, 'x.depter')]);
  });

  it('a missing middle volume, given the first', async () => {
    const result = await split(20_000);
    await unlink(result.paths[2]!);
    expect(await codeOf(openBundle(result.paths[0]!, [partner.identity]))).toBe('VOLUME_INVALID');
  });

  it('a missing last volume cannot be seen by name: age reports a cut payload', async () => {
    const result = await split(20_000);
    await unlink(result.paths.at(-1)!);
    // A cut inside an encrypted chunk looks to age like a damaged last chunk.
    expect(await codeOf(openBundle(result.paths[0]!, [partner.identity]))).toMatch(
      /^(TRUNCATED|DAMAGED)$/,
    );
  });

  it('all volumes given with one left out, or one given twice', async () => {
    const result = await split(20_000);
    const withoutSecond = result.paths.filter((_, index) => index !== 1);
    expect(await codeOf(openBundle(withoutSecond, [partner.identity]))).toBe('VOLUME_INVALID');
    const twice = [...result.paths, result.paths[1]!];
    expect(await codeOf(openBundle(twice, [partner.identity]))).toBe('VOLUME_INVALID');
  });

  it('a short volume in the middle', async () => {
    const result = await split(20_000);
    await truncate(result.paths[1]!, 19_999);
    expect(await codeOf(openBundle(result.paths[0]!, [partner.identity]))).toBe('VOLUME_INVALID');
    expect(await codeOf(openBundle(result.paths, [partner.identity]))).toBe('VOLUME_INVALID');
  });

  it('a volume other than the first given alone, and volumes of two bundles', async () => {
    const result = await split(20_000);
    expect(await codeOf(openBundle(result.paths[1]!, [partner.identity]))).toBe('VOLUME_INVALID');
    const other = await split(20_000, 'y.depter');
    const mixed = [result.paths[0]!, other.paths[1]!];
    expect(await codeOf(openBundle(mixed, [partner.identity]))).toBe('VOLUME_INVALID');
  });

  it('swapped volumes of the same size are caught by age', async () => {
    const result = await split(20_000);
    await rename(result.paths[0]!, join(dir, 'tmp'));
    await rename(result.paths[1]!, result.paths[0]!);
    await rename(join(dir, 'tmp'), result.paths[1]!);
    expect(await codeOf(openBundle(result.paths[0]!, [partner.identity]))).toBe('NOT_A_BUNDLE');
  });

  it('refuses more than 999 volumes and leaves no file behind', async () => {
    await expect(split(100)).rejects.toThrow(RangeError);
    expect((await readdir(dir)).filter((name) => !name.startsWith('stored-'))).toEqual([]);
  });
});

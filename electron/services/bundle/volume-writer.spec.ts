import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './bundle-fixtures.testing';
import { BundleError } from './errors';
import { VolumeWriter } from './volumes';

/**
 * The writer gathers chunks into batches and keeps one batch in flight while
 * the caller goes on: whatever the mix of chunk sizes and volume size, the
 * volumes must join to exactly the bytes written, in order.
 */

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('depter-volume-writer-');
});
afterEach(async () => {
  await removeDir(dir);
});

/** Tiny, medium and multi-MiB chunks in a fixed order, each with fresh memory. */
function mixedChunks(): Buffer[] {
  const chunks: Buffer[] = [];
  for (let n = 0; n < 400; n++) chunks.push(randomBytes(1 + ((n * 7919) % 5000)));
  chunks.push(randomBytes(3 * 1024 * 1024 + 5));
  for (let n = 0; n < 40; n++) chunks.push(randomBytes(65_552));
  chunks.push(randomBytes(1), randomBytes(2 * 1024 * 1024));
  return chunks;
}

async function writeAll(writer: VolumeWriter, chunks: Buffer[]): Promise<void> {
  for (const chunk of chunks) await writer.write(chunk);
}

describe('VolumeWriter', () => {
  it.each([
    ['one file', undefined],
    ['volumes smaller than a batch', 300_001],
    ['volumes of a few batches', 2_500_000],
  ])('joins back to the bytes written: %s', async (_, volumeSize) => {
    const chunks = mixedChunks();
    const expected = Buffer.concat(chunks);
    const writer = new VolumeWriter(join(dir, 'b.depter'), volumeSize);
    await writeAll(writer, chunks);
    expect(writer.size).toBe(expected.length);
    const { paths, sha256 } = await writer.commit();
    const volumes = await Promise.all(paths.map((path) => readFile(path)));
    expect(Buffer.concat(volumes).equals(expected)).toBe(true);
    expect(sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    if (volumeSize === undefined) {
      expect(paths).toEqual([join(dir, 'b.depter')]);
    } else {
      expect(volumes.slice(0, -1).every((volume) => volume.length === volumeSize)).toBe(true);
      expect(volumes.at(-1)!.length).toBeGreaterThan(0);
      expect(volumes.at(-1)!.length).toBeLessThanOrEqual(volumeSize);
    }
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('discard with a batch still being written leaves nothing behind', async () => {
    const writer = new VolumeWriter(join(dir, 'c.depter'), 1_000_000);
    await writeAll(writer, mixedChunks());
    await writer.discard();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses to commit over a bundle that appeared meanwhile, and can still discard', async () => {
    const target = join(dir, 'd.depter');
    const writer = new VolumeWriter(target, undefined);
    await writeAll(writer, [randomBytes(3 * 1024 * 1024)]);
    const squatter = new VolumeWriter(target, undefined);
    await squatter.write(randomBytes(10));
    await squatter.commit();
    await expect(writer.commit()).rejects.toThrow(BundleError);
    await writer.discard();
    expect(await readdir(dir)).toEqual(['d.depter']);
    expect((await readFile(target)).length).toBe(10);
  });

  it('reports each batch written, in order, and leaves the hash to a caller that hashes itself', async () => {
    const chunks = mixedChunks();
    const expected = Buffer.concat(chunks);
    const reports: number[] = [];
    let onDiskAtReport = true;
    const target = join(dir, 'f.depter');
    const writer = new VolumeWriter(target, 2_500_000, {
      hashOutput: false,
      onWritten: (bytes) => reports.push(bytes),
    });
    for (const chunk of chunks) {
      await writer.write(chunk);
      const reported = reports.reduce((sum, bytes) => sum + bytes, 0);
      const tmp = (await readdir(dir)).filter((name) => name.endsWith('.tmp')).sort();
      const sizes = await Promise.all(
        tmp.map(async (name) => (await readFile(join(dir, name))).length),
      );
      if (sizes.reduce((sum, size) => sum + size, 0) < reported) onDiskAtReport = false;
    }
    const { paths, sha256 } = await writer.commit();
    const volumes = await Promise.all(paths.map((path) => readFile(path)));
    expect(Buffer.concat(volumes).equals(expected)).toBe(true);
    expect(reports.reduce((sum, bytes) => sum + bytes, 0)).toBe(expected.length);
    expect(onDiskAtReport).toBe(true);
    expect(sha256).toBe('');
  });

  it('refuses a volume size that is not a positive whole number', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) {
      expect(() => new VolumeWriter(join(dir, 'e.depter'), size)).toThrow(RangeError);
    }
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './bundle-fixtures.testing';
import { READ_BLOCK_BYTES, readVolumesHashed } from './hashed-volume-reader';

let dir: string;
let paths: string[];
let whole: Buffer;

beforeAll(async () => {
  dir = await makeTempDir();
  // More blocks than the ring has slots, ending mid-block, on a block, and with a tiny last volume.
  const parts = [
    randomBytes(3 * READ_BLOCK_BYTES + 321),
    randomBytes(2 * READ_BLOCK_BYTES),
    randomBytes(9),
  ];
  whole = Buffer.concat(parts);
  paths = parts.map((_, index) => join(dir, `b.depter.00${index + 1}`));
  await Promise.all(parts.map((part, index) => writeFile(paths[index]!, part)));
});
afterAll(async () => {
  await removeDir(dir);
});

async function openDescriptors(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

describe.each(['worker', 'inline'] as const)('readVolumesHashed (%s)', (threads) => {
  it('yields every byte in order and hashes exactly those', async () => {
    const read = readVolumesHashed(paths, { threads });
    const copies: Buffer[] = [];
    try {
      for await (const block of read.blocks) {
        expect(block.length).toBeLessThanOrEqual(READ_BLOCK_BYTES);
        copies.push(Buffer.from(block));
      }
      expect(Buffer.concat(copies).equals(whole)).toBe(true);
      expect(await read.digest()).toBe(createHash('sha256').update(whole).digest('hex'));
    } finally {
      await read.close();
    }
  });

  it('reuses its ring: blocks kept past the next read share four slots of memory', async () => {
    const read = readVolumesHashed(paths, { threads });
    const kept: Buffer[] = [];
    for await (const block of read.blocks) kept.push(block);
    await read.close();
    expect(new Set(kept.map((block) => block.buffer)).size).toBe(1);
    expect(kept[0]!.buffer.byteLength).toBe(4 * READ_BLOCK_BYTES);
  });

  it('closes its file and its thread when the reader stops early; close is idempotent', async () => {
    const before = await openDescriptors();
    const read = readVolumesHashed(paths, { threads });
    for await (const block of read.blocks) {
      expect(block.length).toBe(READ_BLOCK_BYTES);
      break;
    }
    await read.close();
    await read.close();
    expect(await openDescriptors()).toBe(before);
  });

  it('stops with the AbortError once cancelled', async () => {
    const controller = new AbortController();
    const read = readVolumesHashed(paths, { threads, signal: controller.signal });
    const reading = (async () => {
      for await (const block of read.blocks) {
        void block;
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await read.close();
  });

  it('fails on a missing volume with the file system error', async () => {
    const read = readVolumesHashed([paths[2]!, join(dir, 'gone.002')], { threads });
    const reading = (async () => {
      for await (const block of read.blocks) void block;
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ENOENT' });
    await read.close();
  });

  it('hashes an empty volume as empty', async () => {
    const empty = join(dir, `empty-${threads}.depter`);
    await writeFile(empty, Buffer.alloc(0));
    const read = readVolumesHashed([empty], { threads });
    for await (const block of read.blocks) void block;
    expect(await read.digest()).toBe(createHash('sha256').digest('hex'));
    await read.close();
  });
});

import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './bundle-fixtures.testing';
import { readVolumes } from './volumes';

const MIB = 1024 * 1024;
let dir: string;
let paths: string[];
let whole: Buffer;

beforeAll(async () => {
  dir = await makeTempDir();
  // Sizes that end mid-buffer, exactly on one, and below one: the two read buffers alternate across files.
  const parts = [randomBytes(2 * MIB + 123), randomBytes(MIB), randomBytes(5)];
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

describe('readVolumes', () => {
  it('yields the volumes in order, each chunk copied before the next is asked for', async () => {
    const copies: Buffer[] = [];
    for await (const chunk of readVolumes(paths)) {
      expect(chunk.length).toBeLessThanOrEqual(MIB);
      copies.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(copies).equals(whole)).toBe(true);
  });

  it('reuses two buffers: a chunk kept past the next read holds other bytes', async () => {
    const kept: Buffer[] = [];
    for await (const chunk of readVolumes(paths)) kept.push(chunk);
    expect(kept.length).toBeGreaterThan(2);
    expect(kept[0]!.buffer).toBe(kept[2]!.buffer);
  });

  it('closes its files when the reader stops early', async () => {
    const before = await openDescriptors();
    for await (const chunk of readVolumes(paths)) {
      expect(chunk.length).toBe(MIB);
      break;
    }
    expect(await openDescriptors()).toBe(before);
  });

  it('stops with the AbortError once cancelled, and closes its file', async () => {
    const controller = new AbortController();
    const before = await openDescriptors();
    const reading = (async () => {
      for await (const chunk of readVolumes(paths, controller.signal)) {
        void chunk;
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(await openDescriptors()).toBe(before);
  });

  it('fails on a missing volume with the file system error', async () => {
    const reading = (async () => {
      for await (const chunk of readVolumes([paths[0]!, join(dir, 'gone.001')])) void chunk;
    })();
    await expect(reading).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

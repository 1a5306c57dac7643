import { randomBytes } from 'node:crypto';
import { open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, formatIdentityFile, generateX25519Identity } from '../age';
import { assertReferenceAgeInstalled, runAge } from '../age/reference-age-cli.testing';
import {
  BLOCK_SIZE,
  fileBlockSource,
  openLanes,
  runAttachPass,
  type BlockSource,
  type LaneFactory,
} from './attach-pass';
import { EvidenceError } from './evidence-store-types';
import { sha256Of, TempFolders } from './evidence-test-support.testing';
import { PROGRESS_INTERVAL_MS, ProgressThrottle } from './progress-throttle';

const folders = new TempFolders();
const handles: FileHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
  await folders.removeAll();
});
beforeAll(() => assertReferenceAgeInstalled());

/** A source in memory, read in odd-sized pieces as a pipe or a slow disk would deliver them. */
function memorySource(data: Buffer, failAtBlock?: number): BlockSource & { reads: number } {
  let position = 0;
  const source = {
    reads: 0,
    async readBlock(block: Buffer) {
      if (source.reads++ === failAtBlock) {
        throw Object.assign(new Error('input/output error'), { code: 'EIO' });
      }
      const length = Math.min(block.length, data.length - position);
      data.copy(block, 0, position, position + length);
      position += length;
      return length;
    },
  };
  return source;
}

async function setUp() {
  const folder = await folders.make();
  const path = join(folder, 'out.age');
  const target = await open(path, 'wx');
  handles.push(target);
  const { identity, recipient } = generateX25519Identity();
  return { folder, path, target, identity, recipient };
}

describe.each([
  ['workers', 'writing past the page cache', true],
  ['workers', 'writing through the page cache', false],
  ['inline', 'writing through the page cache', false],
] as const)('attach pass, %s, %s', (threads, _writes, directWrites) => {
  // A ring of two slots makes every slot cycle many times over these sizes.
  it.each([
    0,
    BLOCK_SIZE - 1,
    BLOCK_SIZE,
    BLOCK_SIZE + 1,
    5 * BLOCK_SIZE,
    5 * BLOCK_SIZE + 65_536,
    5 * BLOCK_SIZE + 65_537,
  ])('%i bytes through a two-slot ring: what age -d reads back', async (size) => {
    const { folder, path, target, identity, recipient } = await setUp();
    const plaintext = randomBytes(size);
    const progress: number[] = [];
    // A clock that moves on a full interval per reading: every report gets through.
    let clock = 0;
    const result = await runAttachPass({
      source: memorySource(plaintext),
      target,
      recipient,
      threads,
      directWrites,
      ringSlots: 2,
      progress: new ProgressThrottle(
        ({ bytesDone }) => progress.push(bytesDone),
        size,
        () => (clock += PROGRESS_INTERVAL_MS),
      ),
    });
    expect(result.size).toBe(size);
    expect(result.sha256).toBe(sha256Of(plaintext));
    expect(result.head.equals(plaintext.subarray(0, 64 * 1024))).toBe(true);
    // Written in order: progress only grows, one report per block, ending at the size.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress).toHaveLength(Math.max(1, Math.ceil(size / BLOCK_SIZE)));
    expect(progress.at(-1)).toBe(size);
    const stored = await readFile(path);
    expect((await decrypt(stored, { identities: [identity] })).equals(plaintext)).toBe(true);
    const identityFile = join(folder, 'identity.txt');
    await writeFile(identityFile, formatIdentityFile(identity));
    expect(runAge(['-d', '-i', identityFile, path]).equals(plaintext)).toBe(true);
  });

  it('reads a file source to its end, however the file divides into blocks', async () => {
    const { folder, target, identity, recipient, path } = await setUp();
    const plaintext = randomBytes(3 * BLOCK_SIZE + 12_345);
    const sourcePath = join(folder, 'source.bin');
    await writeFile(sourcePath, plaintext);
    const source = await open(sourcePath, 'r');
    handles.push(source);
    const result = await runAttachPass({
      source: fileBlockSource(source),
      target,
      recipient,
      threads,
      directWrites,
      progress: new ProgressThrottle(undefined, plaintext.length),
    });
    expect(result.sha256).toBe(sha256Of(plaintext));
    expect(
      (await decrypt(await readFile(path), { identities: [identity] })).equals(plaintext),
    ).toBe(true);
  });

  it('a source that fails part-way: SOURCE_UNREADABLE, and the pass stops reading', async () => {
    const { target, recipient } = await setUp();
    const source = memorySource(randomBytes(6 * BLOCK_SIZE), 3);
    const attaching = runAttachPass({
      source,
      target,
      recipient,
      threads,
      directWrites,
      ringSlots: 2,
      progress: new ProgressThrottle(undefined, 6 * BLOCK_SIZE),
    });
    await expect(attaching).rejects.toSatisfy(
      (error) => error instanceof EvidenceError && error.code === 'SOURCE_UNREADABLE',
    );
    expect(source.reads).toBe(4);
  });

  it('cancelled while blocks are in flight: CANCELLED, and nothing more is read', async () => {
    const { target, recipient } = await setUp();
    const controller = new AbortController();
    const source = memorySource(randomBytes(40 * BLOCK_SIZE));
    const readBlock = source.readBlock.bind(source);
    source.readBlock = async (block) => {
      if (source.reads === 4) controller.abort();
      return readBlock(block);
    };
    const attaching = runAttachPass({
      source,
      target,
      recipient,
      threads,
      directWrites,
      signal: controller.signal,
      progress: new ProgressThrottle(undefined, 40 * BLOCK_SIZE),
    });
    await expect(attaching).rejects.toSatisfy(
      (error) => error instanceof EvidenceError && error.code === 'CANCELLED',
    );
    expect(source.reads).toBe(5);
  });

  it.each(['hasher', 'sealer'] as const)(
    'a slot is read into again only once both lanes are done with it (the %s lagging)',
    async (laggard) => {
      const { target, recipient, identity, path } = await setUp();
      const plaintext = randomBytes(6 * BLOCK_SIZE + 3);
      // The lagging lane starts each block late: had its slot been refilled, it would see the next block's bytes.
      const lagging: LaneFactory = async (options) => {
        const lanes = await openLanes(options);
        if (laggard === 'hasher') {
          const update = lanes.hasher.update.bind(lanes.hasher);
          lanes.hasher.update = async (offset, length) => {
            await sleep(15);
            await update(offset, length);
          };
        } else {
          const seal = lanes.sealer.seal.bind(lanes.sealer);
          lanes.sealer.seal = async (job) => {
            await sleep(15);
            await seal(job);
          };
        }
        return lanes;
      };
      const result = await runAttachPass(
        {
          source: memorySource(plaintext),
          target,
          recipient,
          threads,
          directWrites,
          ringSlots: 2,
          progress: new ProgressThrottle(undefined, plaintext.length),
        },
        lagging,
      );
      expect(result.sha256).toBe(sha256Of(plaintext));
      expect(
        (await decrypt(await readFile(path), { identities: [identity] })).equals(plaintext),
      ).toBe(true);
    },
  );

  it('refuses a ring of fewer than two slots before writing anything', async () => {
    const { target, recipient, path } = await setUp();
    await expect(
      runAttachPass({
        source: memorySource(randomBytes(10)),
        target,
        recipient,
        threads,
        directWrites,
        ringSlots: 1,
        progress: new ProgressThrottle(undefined, 10),
      }),
    ).rejects.toThrow(RangeError);
    expect((await readFile(path)).length).toBe(0);
  });
});

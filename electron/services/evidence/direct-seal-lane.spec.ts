import { randomBytes } from 'node:crypto';
import { constants, existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat, statfs, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, sealChunk } from '../age/stream';
import { DIRECT_IO_ALIGNMENT, openDirectSealLane, TMPFS_MAGIC } from './direct-seal-lane';
import type { SealJob, SealLane } from './seal-lane';
import { TempFolders } from './evidence-test-support.testing';

const folders = new TempFolders();
const handles: FileHandle[] = [];
const lanes: SealLane[] = [];
afterEach(async () => {
  await Promise.all(lanes.splice(0).map((lane) => lane.close()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
  await folders.removeAll();
});

const BLOCK = 4 * CHUNK_SIZE;
const RING_SIZE = 2 * BLOCK;

async function newTarget(folder?: string) {
  const path = join(folder ?? (await folders.make()), 'sealed.age');
  const target = await open(path, 'wx+');
  handles.push(target);
  return { path, target };
}

async function makeLane(options: { prefixLength?: number; folder?: string } = {}) {
  const { path, target } = await newTarget(options.folder);
  const key = randomBytes(32);
  const shared = new SharedArrayBuffer(RING_SIZE);
  const ring = Buffer.from(shared);
  ring.set(randomBytes(RING_SIZE));
  // An odd length, as an age header is: nothing after it falls on a block boundary.
  const prefix = randomBytes(options.prefixLength ?? 219);
  const lane = await openDirectSealLane({
    ring: shared,
    payloadKey: key,
    target,
    prefix,
    maxJobLength: BLOCK,
  });
  if (lane !== undefined) lanes.push(lane);
  return { path, target, key, ring, prefix, lane };
}

function linkOf(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** The test folder's file system must take direct writes, or these tests would prove nothing. */
async function directLane(options: { prefixLength?: number } = {}) {
  const made = await makeLane(options);
  if (made.lane === undefined) {
    const type = (await statfs(made.path)).type.toString(16);
    throw new Error(`no direct writes in the test folder (file system type 0x${type})`);
  }
  return { ...made, lane: made.lane };
}

/** What the kernel answers a direct write it cannot take. */
function invalidArgument(): Error {
  return Object.assign(new Error('invalid argument'), { code: 'EINVAL' });
}

/** A lane that should not open: the cases where attach falls back to the page cache. */
function openFallbackCase(
  target: FileHandle,
  reopenDirect?: (target: FileHandle) => Promise<FileHandle>,
): Promise<SealLane | undefined> {
  return openDirectSealLane({
    ring: new SharedArrayBuffer(RING_SIZE),
    payloadKey: randomBytes(32),
    target,
    prefix: randomBytes(200),
    maxJobLength: BLOCK,
    reopenDirect,
  });
}

/** ../age/stream.ts's sealing of the same job: the bytes the lane must write. */
function referenceSeal(key: Buffer, ring: Buffer, job: Omit<SealJob, 'position'>): Buffer {
  const count = Math.max(1, Math.ceil(job.length / CHUNK_SIZE));
  const sealed: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const start = job.offset + index * CHUNK_SIZE;
    const end = job.offset + Math.min(job.length, (index + 1) * CHUNK_SIZE);
    const last = job.last && index === count - 1;
    sealed.push(sealChunk(key, job.firstChunk + index, ring.subarray(start, end), last));
  }
  return Buffer.concat(sealed);
}

/** Jobs for a payload of `length` bytes in blocks of BLOCK, alternating between the two ring slots. */
function jobsFor(length: number, prefixLength: number): SealJob[] {
  const jobs: SealJob[] = [];
  let position = prefixLength;
  for (let index = 0, done = 0; ; index++) {
    const size = Math.min(BLOCK, length - done);
    const last = done + size === length;
    jobs.push({
      offset: (index % 2) * BLOCK,
      length: size,
      firstChunk: index * (BLOCK / CHUNK_SIZE),
      last,
      position,
    });
    position += size + Math.max(1, Math.ceil(size / CHUNK_SIZE)) * 16;
    done += size;
    if (last) return jobs;
  }
}

describe.runIf(process.platform === 'linux')('direct seal lane', () => {
  it.each([
    ['several blocks, the last one short', 3 * BLOCK + 5],
    ['a last block that ends on a chunk', 2 * BLOCK + CHUNK_SIZE],
    ['a last block that is full', 2 * BLOCK],
    ['a payload smaller than a disk block', 100],
    ['an empty payload', 0],
  ])('%s: prefix and sealed chunks, byte for byte, cut to length', async (_name, length) => {
    const { path, key, ring, prefix, lane } = await directLane();
    const jobs = jobsFor(length, prefix.length);
    await Promise.all(jobs.map((job) => lane.seal(job)));
    await lane.close();
    const expected = Buffer.concat([prefix, ...jobs.map((job) => referenceSeal(key, ring, job))]);
    const file = await readFile(path);
    expect(file.length).toBe(expected.length);
    expect(file.equals(expected)).toBe(true);
  });

  it('a prefix longer than a disk block goes out whole, before the first chunk', async () => {
    const { path, key, ring, prefix, lane } = await directLane({
      prefixLength: DIRECT_IO_ALIGNMENT + 77,
    });
    const jobs = jobsFor(BLOCK + 1, prefix.length);
    for (const job of jobs) await lane.seal(job);
    await lane.close();
    const expected = Buffer.concat([prefix, ...jobs.map((job) => referenceSeal(key, ring, job))]);
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it('writes past the page cache: its own descriptor of the file is open with O_DIRECT', async () => {
    const { target, prefix, lane } = await directLane();
    const file = readlinkSync(`/proc/self/fd/${target.fd}`);
    const others = readdirSync('/proc/self/fd')
      .map(Number)
      .filter((fd) => fd !== target.fd && linkOf(fd) === file);
    expect(others).toHaveLength(1);
    const flags = (await readFile(`/proc/self/fdinfo/${others[0]}`, 'utf8')).match(
      /flags:\s+([0-7]+)/,
    )?.[1];
    expect(Number.parseInt(flags ?? '0', 8) & constants.O_DIRECT).toBe(constants.O_DIRECT);
    await lane.seal(jobsFor(10, prefix.length)[0]!);
    await lane.close();
    // Closing the lane closes that descriptor too.
    expect(
      readdirSync('/proc/self/fd')
        .map(Number)
        .filter((fd) => linkOf(fd) === file),
    ).toEqual([target.fd]);
  });

  it.each<[string, (prefixLength: number) => SealJob[]]>([
    ['a block out of order', (p) => [jobsFor(2 * BLOCK, p)[1]!]],
    ['a position that leaves a gap', (p) => [{ ...jobsFor(BLOCK, p)[0]!, position: p + 1 }]],
    ['a block after the final one', (p) => [jobsFor(10, p)[0]!, jobsFor(10, p)[0]!]],
    [
      'a block longer than the lane takes',
      (p) => [{ offset: 0, length: RING_SIZE, firstChunk: 0, last: true, position: p }],
    ],
    [
      'a short block that is not the final one',
      (p) => [{ ...jobsFor(BLOCK, p)[0]!, length: 5, last: false }],
    ],
  ])('refuses %s before sealing it', async (_name, makeJobs) => {
    const { lane, prefix, path } = await directLane();
    const jobs = makeJobs(prefix.length);
    const outcomes = await Promise.allSettled(jobs.map((job) => lane.seal(job)));
    expect(outcomes.at(-1)).toMatchObject({
      status: 'rejected',
      reason: expect.any(RangeError),
    });
    await lane.close();
    // Only the alignment probe's zeros, or the one accepted final job cut to length.
    expect((await stat(path)).size).toBeLessThanOrEqual(DIRECT_IO_ALIGNMENT);
  });

  it('closed with blocks queued: they are rejected, and nothing is written after', async () => {
    const { lane, prefix, path } = await directLane();
    const queued = jobsFor(40 * BLOCK, prefix.length).map((job) =>
      lane.seal(job).then(
        () => 'written',
        () => 'rejected',
      ),
    );
    await lane.close();
    const outcomes = await Promise.all(queued);
    expect(outcomes).toContain('rejected');
    const size = (await stat(path)).size;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await stat(path)).size).toBe(size);
  });

  it('answers undefined where the file system refuses direct writes, having written nothing', async () => {
    const { target, path } = await newTarget();
    const lane = await openFallbackCase(target, () => Promise.reject(invalidArgument()));
    expect(lane).toBeUndefined();
    expect((await stat(path)).size).toBe(0);
  });

  it('answers undefined when no memory offset satisfies the disk, and closes what it opened', async () => {
    const { target, path } = await newTarget();
    let writes = 0;
    let closed = false;
    // A descriptor on which every direct write is refused as misaligned, as on a disk with
    // blocks larger than the lane aligns to. Only write and close are called on it.
    const refusing = {
      fd: target.fd,
      write: () => {
        writes++;
        return Promise.reject(invalidArgument());
      },
      close: () => {
        closed = true;
        return Promise.resolve();
      },
    } as unknown as FileHandle;
    const lane = await openFallbackCase(target, () => Promise.resolve(refusing));
    expect(lane).toBeUndefined();
    expect(writes).toBe(DIRECT_IO_ALIGNMENT / 16);
    expect(closed).toBe(true);
    expect((await stat(path)).size).toBe(0);
  });

  it('answers undefined for a device, which takes no direct writes', async () => {
    const target = await open('/dev/full', 'r+');
    handles.push(target);
    const lane = await openFallbackCase(target);
    expect(lane).toBeUndefined();
  });

  it.runIf(existsSync('/dev/shm'))(
    'answers undefined on tmpfs, where a direct write is copied into memory all the same',
    async () => {
      const folder = await mkdtemp(join('/dev/shm', 'depter-direct-'));
      try {
        expect((await statfs(folder)).type).toBe(TMPFS_MAGIC);
        const { lane, path } = await makeLane({ folder });
        expect(lane).toBeUndefined();
        expect((await stat(path)).size).toBe(0);
      } finally {
        await Promise.all(handles.splice(0).map((handle) => handle.close()));
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});

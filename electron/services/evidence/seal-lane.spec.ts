import { randomBytes } from 'node:crypto';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, sealChunk } from '../age/stream';
import {
  createInlineSealLane,
  createWorkerSealLane,
  type SealJob,
  type SealLane,
} from './seal-lane';
import { TempFolders } from './evidence-test-support.testing';

const folders = new TempFolders();
const handles: FileHandle[] = [];
const lanes: SealLane[] = [];
afterEach(async () => {
  await Promise.all(lanes.splice(0).map((lane) => lane.close()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
  await folders.removeAll();
});

const RING_SIZE = 4 * CHUNK_SIZE;

async function makeLane(kind: 'inline' | 'worker', target?: FileHandle) {
  const path = join(await folders.make(), 'sealed.age');
  const handle = target ?? (await open(path, 'wx+'));
  handles.push(handle);
  const key = randomBytes(32);
  const shared = new SharedArrayBuffer(RING_SIZE);
  const ring = kind === 'worker' ? Buffer.from(shared) : Buffer.alloc(RING_SIZE);
  const lane =
    kind === 'worker'
      ? createWorkerSealLane(shared, key, handle)
      : createInlineSealLane(ring, key, handle);
  lanes.push(lane);
  return { path, key, ring, lane };
}

/** What ../age/stream.ts makes of the same job: the reference the lanes must match byte for byte. */
function referenceSeal(key: Buffer, ring: Buffer, job: SealJob): Buffer {
  const plaintext = ring.subarray(job.offset, job.offset + job.length);
  const count = Math.max(1, Math.ceil(job.length / CHUNK_SIZE));
  const sealed: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const chunk = plaintext.subarray(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE);
    sealed.push(sealChunk(key, job.firstChunk + index, chunk, job.last && index === count - 1));
  }
  return Buffer.concat(sealed);
}

describe.each(['inline', 'worker'] as const)('%s seal lane', (kind) => {
  it.each<[string, Omit<SealJob, 'position'>]>([
    [
      'two full chunks, not final',
      { offset: 0, length: 2 * CHUNK_SIZE, firstChunk: 0, last: false },
    ],
    ['a full final chunk', { offset: CHUNK_SIZE, length: CHUNK_SIZE, firstChunk: 7, last: true }],
    ['one byte past a chunk', { offset: 0, length: CHUNK_SIZE + 1, firstChunk: 0, last: true }],
    ['one byte short of a chunk', { offset: 3, length: CHUNK_SIZE - 1, firstChunk: 2, last: true }],
    ['an empty payload', { offset: 0, length: 0, firstChunk: 0, last: true }],
    [
      'chunk indices past 2^32 (a 6-byte counter)',
      { offset: 0, length: 3 * CHUNK_SIZE, firstChunk: 2 ** 40 + 5, last: false },
    ],
  ])('%s: the same bytes as sealChunk, at the given position', async (_name, fields) => {
    const { path, key, ring, lane } = await makeLane(kind);
    ring.set(randomBytes(RING_SIZE));
    const job = { ...fields, position: 100 };
    await lane.seal(job);
    await lane.close();
    const file = await readFile(path);
    expect(file.subarray(0, 100).equals(Buffer.alloc(100))).toBe(true);
    expect(file.subarray(100).equals(referenceSeal(key, ring, job))).toBe(true);
  });

  it('completes jobs in order and writes each at its own position', async () => {
    const { path, key, ring, lane } = await makeLane(kind);
    ring.set(randomBytes(RING_SIZE));
    const sealedSize = 2 * (CHUNK_SIZE + 16);
    const jobs = [0, 1].map((block) => ({
      offset: block * 2 * CHUNK_SIZE,
      length: 2 * CHUNK_SIZE,
      firstChunk: block * 2,
      last: block === 1,
      position: block * sealedSize,
    }));
    const order: number[] = [];
    // Posted last-first: positions, not the order of the writes, place the blocks.
    await Promise.all(
      [...jobs].reverse().map((job) => lane.seal(job).then(() => order.push(job.firstChunk))),
    );
    expect(order).toEqual([2, 0]);
    expect(
      (await readFile(path)).equals(
        Buffer.concat(jobs.map((job) => referenceSeal(key, ring, job))),
      ),
    ).toBe(true);
  });

  it.each<[string, Partial<SealJob>]>([
    ['a short block that is not the final one', { length: CHUNK_SIZE + 1, last: false }],
    ['an empty block that is not the final one', { length: 0, last: false }],
    ['an empty final chunk after others', { length: 0, firstChunk: 3, last: true }],
    ['a range past the ring', { offset: 3 * CHUNK_SIZE, length: 2 * CHUNK_SIZE, last: true }],
    ['a negative offset', { offset: -1 }],
    ['a fractional position', { position: 1.5 }],
    ['a chunk index that is not a safe integer', { firstChunk: 2 ** 53 }],
  ])('refuses %s before writing anything', async (_name, change) => {
    const { path, lane } = await makeLane(kind);
    const job = {
      offset: 0,
      length: CHUNK_SIZE,
      firstChunk: 0,
      last: false,
      position: 0,
      ...change,
    };
    await expect(lane.seal(job)).rejects.toThrow(RangeError);
    await lane.close();
    expect((await stat(path)).size).toBe(0);
  });

  it('a full disk: rejects with ENOSPC, so attach can say DISK_FULL', async () => {
    const { lane } = await makeLane(kind, await open('/dev/full', 'r+'));
    const job = { offset: 0, length: CHUNK_SIZE, firstChunk: 0, last: true, position: 0 };
    await expect(lane.seal(job)).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('a target not open for writing: rejects with the system error code', async () => {
    const { path } = await makeLane(kind);
    const { lane } = await makeLane(kind, await open(path, 'r'));
    const job = { offset: 0, length: CHUNK_SIZE, firstChunk: 0, last: true, position: 0 };
    await expect(lane.seal(job)).rejects.toMatchObject({ code: 'EBADF' });
  });
});

describe('worker seal lane', () => {
  it('once closed, refuses jobs and writes nothing more', async () => {
    const { path, lane } = await makeLane('worker');
    await lane.close();
    const job = { offset: 0, length: CHUNK_SIZE, firstChunk: 0, last: true, position: 0 };
    await expect(lane.seal(job)).rejects.toThrow('stopped');
    expect((await stat(path)).size).toBe(0);
  });

  it('closed with jobs queued: they are rejected, not left hanging', async () => {
    const { lane } = await makeLane('worker');
    const job = { offset: 0, length: CHUNK_SIZE, firstChunk: 0, last: false, position: 0 };
    const queued = Array.from({ length: 20 }, (_, index) =>
      lane.seal({ ...job, firstChunk: index, position: index * (CHUNK_SIZE + 16) }).then(
        () => 'written',
        () => 'rejected',
      ),
    );
    await lane.close();
    const outcomes = await Promise.all(queued);
    // The worker is still starting when close comes: most never ran.
    expect(outcomes).toContain('rejected');
    expect(
      outcomes.slice(outcomes.indexOf('rejected')).every((outcome) => outcome === 'rejected'),
    ).toBe(true);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, sealChunk } from '../age/stream';
import { TempFolders } from './evidence-test-support.testing';
import { OrderedWorker } from './ordered-worker';
import { createWorkerSealLane, SEAL_WORKER_SOURCE } from './seal-lane';
import { createWorkerHasher, HASH_WORKER_SOURCE } from './sha256-hasher';
import { WorkerPool } from './worker-pool';

const folders = new TempFolders();
const handles: FileHandle[] = [];
const pools: WorkerPool[] = [];
const loose: OrderedWorker[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.endIdle()));
  await Promise.all(loose.splice(0).map((worker) => worker.stop()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
  await folders.removeAll();
});

function makePool(maxIdle?: number, idleLifetimeMs?: number): WorkerPool {
  const pool = new WorkerPool(maxIdle, idleLifetimeMs);
  pools.push(pool);
  return pool;
}

async function target(): Promise<{ path: string; handle: FileHandle }> {
  const path = join(await folders.make(), 'sealed.age');
  const handle = await open(path, 'wx+');
  handles.push(handle);
  return { path, handle };
}

function sealedReference(key: Buffer, plaintext: Buffer): Buffer {
  return sealChunk(key, 0, plaintext, true);
}

/** Hashes `data` through a worker hasher of `pool`, as one file. */
async function hashThrough(pool: WorkerPool, data: Buffer): Promise<string> {
  const shared = new SharedArrayBuffer(data.length);
  Buffer.from(shared).set(data);
  const hasher = createWorkerHasher(shared, pool);
  await hasher.update(0, data.length);
  return hasher.digest();
}

describe('worker pool', () => {
  it('gives a released worker to the next file instead of starting one', async () => {
    const pool = makePool();
    const first = pool.acquire(HASH_WORKER_SOURCE);
    const id = first.threadId;
    pool.release(HASH_WORKER_SOURCE, first);
    expect(pool.idleCount(HASH_WORKER_SOURCE)).toBe(1);
    const second = pool.acquire(HASH_WORKER_SOURCE);
    loose.push(second);
    expect(second.threadId).toBe(id);
    expect(pool.idleCount()).toBe(0);
    // Another kind of worker is never handed out for it.
    const sealer = pool.acquire(SEAL_WORKER_SOURCE);
    loose.push(sealer);
    expect(sealer.threadId).not.toBe(id);
  });

  it('keeps at most its limit idle and stops the rest', async () => {
    const pool = makePool(2);
    const workers = [1, 2, 3].map(() => pool.acquire(HASH_WORKER_SOURCE));
    for (const worker of workers) pool.release(HASH_WORKER_SOURCE, worker);
    expect(pool.idleCount(HASH_WORKER_SOURCE)).toBe(2);
    await sleep(50);
    expect(workers[2]?.failed).toBe(true);
  });

  it('ends a worker left idle past its lifetime', async () => {
    const pool = makePool(2, 30);
    const worker = pool.acquire(HASH_WORKER_SOURCE);
    pool.release(HASH_WORKER_SOURCE, worker);
    await sleep(200);
    expect(pool.idleCount()).toBe(0);
    expect(worker.failed).toBe(true);
  });

  it('never hands out a worker that died while idle', async () => {
    const pool = makePool();
    const worker = pool.acquire(HASH_WORKER_SOURCE);
    pool.release(HASH_WORKER_SOURCE, worker);
    await worker.stop();
    const next = pool.acquire(HASH_WORKER_SOURCE);
    loose.push(next);
    expect(next).not.toBe(worker);
    expect(next.failed).toBe(false);
  });
});

describe('pooled hashing worker', () => {
  it('hashes file after file correctly on one thread', async () => {
    const pool = makePool();
    for (const size of [100_000, 7, 0, 65_536]) {
      const data = randomBytes(size);
      expect(await hashThrough(pool, data)).toBe(createHash('sha256').update(data).digest('hex'));
      expect(pool.idleCount(HASH_WORKER_SOURCE)).toBe(1);
    }
  });

  it('a hasher closed mid-file terminates its thread instead of returning it', async () => {
    const pool = makePool();
    const shared = new SharedArrayBuffer(1024);
    const hasher = createWorkerHasher(shared, pool);
    await hasher.update(0, 1024);
    await hasher.close();
    expect(pool.idleCount()).toBe(0);
  });

  it('after its digest, a hasher refuses work: its thread may belong to another file', async () => {
    const pool = makePool();
    const hasher = createWorkerHasher(new SharedArrayBuffer(16), pool);
    await hasher.digest();
    await expect(hasher.update(0, 16)).rejects.toThrow('finished');
    await expect(hasher.digest()).rejects.toThrow('finished');
    await hasher.close();
    expect(pool.idleCount(HASH_WORKER_SOURCE)).toBe(1);
  });

  it('refuses an update outside a begin…end pair', async () => {
    const worker = new OrderedWorker(HASH_WORKER_SOURCE);
    loose.push(worker);
    await expect(worker.run({ type: 'update', offset: 0, length: 1 })).rejects.toThrow();
  });
});

describe('pooled sealing worker', () => {
  it('seals file after file, each with its own key and descriptor, on one thread', async () => {
    const pool = makePool();
    for (const length of [CHUNK_SIZE, 10, 0]) {
      const key = randomBytes(32);
      const plaintext = randomBytes(length);
      const shared = new SharedArrayBuffer(Math.max(1, length));
      Buffer.from(shared).set(plaintext);
      const { path, handle } = await target();
      const lane = createWorkerSealLane(shared, key, handle, pool);
      expect(pool.idleCount()).toBe(0);
      await lane.seal({ offset: 0, length, firstChunk: 0, last: true, position: 0 });
      await lane.finish();
      expect(pool.idleCount(SEAL_WORKER_SOURCE)).toBe(1);
      expect((await readFile(path)).equals(sealedReference(key, plaintext))).toBe(true);
    }
  });

  it("zero-fills its copy of the payload key at 'end' and then refuses to seal", async () => {
    const worker = new OrderedWorker(SEAL_WORKER_SOURCE);
    loose.push(worker);
    const { handle } = await target();
    // Shared memory, so this test sees the very bytes the worker keys its cipher with.
    const payloadKey = new Uint8Array(new SharedArrayBuffer(32));
    payloadKey.set(randomBytes(32));
    const ring = new SharedArrayBuffer(CHUNK_SIZE);
    const fields = { chunkSize: CHUNK_SIZE, tagLength: 16 };
    await worker.run({ type: 'begin', ring, payloadKey, fd: handle.fd, ...fields });
    await worker.run({
      type: 'seal',
      offset: 0,
      length: 5,
      firstChunk: 0,
      last: true,
      position: 0,
    });
    expect(payloadKey.some((byte) => byte !== 0)).toBe(true);
    const ended = await worker.run({ type: 'end' });
    expect(ended.keyCleared).toBe(true);
    expect(payloadKey.every((byte) => byte === 0)).toBe(true);
    const job = { type: 'seal', offset: 0, length: 5, firstChunk: 0, last: true, position: 0 };
    await expect(worker.run(job)).rejects.toThrow('no file');
  });

  it('a lane closed mid-file terminates its thread; a finished one refuses more jobs', async () => {
    const pool = makePool();
    const { handle } = await target();
    const shared = new SharedArrayBuffer(CHUNK_SIZE);
    const job = { offset: 0, length: CHUNK_SIZE, firstChunk: 0, last: false, position: 0 };
    const cancelled = createWorkerSealLane(shared, randomBytes(32), handle, pool);
    await cancelled.seal(job);
    await cancelled.close();
    await cancelled.finish();
    expect(pool.idleCount()).toBe(0);

    const finished = createWorkerSealLane(shared, randomBytes(32), handle, pool);
    await finished.finish();
    await expect(finished.seal(job)).rejects.toThrow('stopped');
    await finished.close();
    expect(pool.idleCount(SEAL_WORKER_SOURCE)).toBe(1);
  });
});

import { constants } from 'node:fs';
import { open, statfs, type FileHandle } from 'node:fs/promises';
import { errorCode } from './evidence-errors';
import { OrderedWorker } from './ordered-worker';
import { STREAM_WORKER_SOURCE } from '../age/stream-worker-source';
import { assertSealJob, sealedLength, type SealLane } from './seal-lane';

/**
 * A seal lane whose worker writes the sealed stream with O_DIRECT, past the
 * page cache. On this project's VM, sealing 1 GiB and writing it through
 * the page cache, then fsyncing, took 0.79-0.84 s of which 0.23-0.29 s was
 * the kernel's copying; written direct it took 0.41-0.46 s: the kernel
 * copies nothing, the disk reads the ciphertext from our memory while the
 * next blocks are sealed, and the final fsync finds nothing left to write.
 *
 * Direct writes must start and end on the disk's block boundaries and come
 * from aligned memory, so the worker copies the sealed chunks into staging
 * buffers that follow the file: each buffer's whole blocks are written
 * (asynchronously, so the next blocks are sealed meanwhile) and the
 * remainder is carried into the next buffer. The last write is padded to a
 * block and the file then cut to its real length. Jobs must therefore come
 * in the order of the stream. The header goes out with the first blocks.
 *
 * Linux only, and only where the file system takes direct writes; anywhere
 * else `openDirectSealLane` answers undefined and attach writes through the
 * page cache with ./seal-lane.ts, as before. So it does on tmpfs, which
 * takes direct writes but copies them into its pages all the same: there
 * the staging copy would be pure cost (1 GiB in memory: 0.78-0.87 s direct
 * against 0.70-0.79 s through the page cache).
 */

/** File positions, lengths and memory are aligned to this: the largest logical block size in use. */
export const DIRECT_IO_ALIGNMENT = 4096;
/** Staging buffers: one being filled, up to two being written. */
const STAGE_COUNT = 3;
/** Steps of the memory-alignment probe: malloc aligns to at least 16 bytes. */
const PROBE_STEP = 16;
/** statfs's f_type for tmpfs (linux/magic.h). */
export const TMPFS_MAGIC = 0x01021994;

export interface DirectSealLaneInput {
  /** The block ring the jobs' plaintext is read from. */
  ring: SharedArrayBuffer;
  payloadKey: Buffer;
  /** The empty file being written; it is reopened for direct writes, not moved. */
  target: FileHandle;
  /** The age header and payload nonce: the first bytes of the file. */
  prefix: Buffer;
  /** The longest job the lane will take, which sizes its staging buffers. */
  maxJobLength: number;
  /** Opens the file again for direct writes; tests stand in a file system that refuses them. */
  reopenDirect?: (target: FileHandle) => Promise<FileHandle>;
}

function roundUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}

/**
 * The same open file, by its descriptor's link, not by a path that could
 * by now name another file.
 */
async function reopenThroughProc(target: FileHandle): Promise<FileHandle> {
  const link = `/proc/self/fd/${target.fd}`;
  if ((await statfs(link)).type === TMPFS_MAGIC) throw new Error('tmpfs: nothing to bypass');
  return open(link, constants.O_WRONLY | constants.O_DIRECT);
}

/**
 * Where in `staging` memory is aligned for direct writes: the first offset
 * at which a one-block write is accepted (EINVAL means misaligned). The
 * probe writes zeros at the file's start; the first real write covers them.
 */
async function findAlignedOffset(
  direct: FileHandle,
  staging: ArrayBuffer,
): Promise<number | undefined> {
  const view = Buffer.from(staging);
  for (let offset = 0; offset < DIRECT_IO_ALIGNMENT; offset += PROBE_STEP) {
    try {
      await direct.write(view, offset, DIRECT_IO_ALIGNMENT, 0);
      return offset;
    } catch (error) {
      if (errorCode(error) !== 'EINVAL') return undefined;
    }
  }
  return undefined;
}

/** Undefined when this system or file system does not take direct writes. */
export async function openDirectSealLane(
  input: DirectSealLaneInput,
): Promise<SealLane | undefined> {
  const { ring, payloadKey, target, prefix, maxJobLength } = input;
  if (process.platform !== 'linux' || constants.O_DIRECT === undefined) return undefined;
  const reopen = input.reopenDirect ?? reopenThroughProc;
  const direct = await reopen(target).catch(() => undefined);
  if (direct === undefined) return undefined;
  const stageSize = roundUp(
    prefix.length + DIRECT_IO_ALIGNMENT + sealedLength(maxJobLength),
    DIRECT_IO_ALIGNMENT,
  );
  // Handed over to the thread once probed, so that it is freed when the thread ends, not at
  // some later garbage collection: a bundle import seals file after file.
  const staging = new ArrayBuffer(STAGE_COUNT * stageSize + DIRECT_IO_ALIGNMENT);
  // The thread boots while the probe runs; it is given the memory first thing.
  const worker = new OrderedWorker(WORKER_SOURCE, {
    ring,
    stageSize,
    stageCount: STAGE_COUNT,
    alignment: DIRECT_IO_ALIGNMENT,
    payloadKey: new Uint8Array(payloadKey),
    fd: direct.fd,
    prefix: new Uint8Array(prefix),
  });
  const stagingStart = await findAlignedOffset(direct, staging);
  if (stagingStart === undefined) {
    await worker.stop();
    await direct.close();
    return undefined;
  }
  // Its reply comes before any job's; a failure shows in the first job's.
  void worker.run({ staging, stagingStart }, [staging]).catch(() => undefined);
  let nextPosition = prefix.length;
  let ended = false;
  let closing: Promise<void> | undefined;
  return {
    async seal(job) {
      assertSealJob(ring.byteLength, job);
      if (job.length > maxJobLength) throw new RangeError('seal job longer than the lane takes');
      if (ended) throw new RangeError('the final block is already sealed');
      if (job.position !== nextPosition) {
        throw new RangeError('a direct seal lane writes the stream in order');
      }
      nextPosition += sealedLength(job.length);
      ended = job.last;
      await worker.run({ ...job });
    },
    close() {
      // The worker's thread has ended, with any write it started, before the descriptor closes.
      closing ??= worker.stop().finally(() => direct.close());
      return closing;
    },
    writesThrough: true,
  };
}

/**
 * The first message hands over the staging memory and says where its
 * aligned part starts; the seal jobs follow. A job's reply means its
 * plaintext slot may be reused: its ciphertext is in a staging buffer. The
 * final job's reply waits for every write and the cut to length, so a
 * write's failure reaches the caller at the latest there (and with every
 * job after it).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { write, ftruncate } = require('node:fs');
${STREAM_WORKER_SOURCE}
const { ring: sharedRing, stageSize, stageCount, alignment, payloadKey, fd, prefix } = workerData;
const ring = new Uint8Array(sharedRing);
const key = Buffer.from(payloadKey);
const writing = new Array(stageCount).fill(undefined);
let stages;
let failure;
let current = 0;
let filled = prefix.length;
let filePosition = 0;

function start(staging, stagingStart) {
  stages = Array.from({ length: stageCount }, (_, index) =>
    Buffer.from(staging, stagingStart + index * stageSize, stageSize),
  );
  stages[0].set(prefix);
}

function writeStage(index, length, position) {
  const written = new Promise((resolve, reject) => {
    const step = (offset) =>
      write(fd, stages[index], offset, length - offset, position + offset, (error, count) => {
        if (error) return reject(error);
        if (count === 0) return reject(new Error('the disk accepted no bytes'));
        if (offset + count < length) return step(offset + count);
        resolve();
      });
    step(0);
  });
  writing[index] = written.catch((error) => {
    failure ??= error;
  });
}

async function settle(index) {
  await writing[index];
  writing[index] = undefined;
  if (failure) throw failure;
}

async function run(job) {
  if (failure) throw failure;
  const sealed = sealBlock(ring, key, job);
  const stage = stages[current];
  for (const buffer of sealed) {
    stage.set(buffer, filled);
    filled += buffer.length;
  }
  releaseBuffers(sealed);
  if (job.last) {
    const padded = Math.ceil(filled / alignment) * alignment;
    stage.fill(0, filled, padded);
    writeStage(current, padded, filePosition);
    for (let index = 0; index < stageCount; index++) await settle(index);
    await new Promise((resolve, reject) =>
      ftruncate(fd, filePosition + filled, (error) => (error ? reject(error) : resolve())),
    );
    return;
  }
  const whole = filled - (filled % alignment);
  if (whole === 0) return;
  writeStage(current, whole, filePosition);
  filePosition += whole;
  const next = (current + 1) % stageCount;
  await settle(next);
  stage.copy(stages[next], 0, whole, filled);
  filled -= whole;
  current = next;
}

let queue = Promise.resolve();
parentPort.on('message', (message) => {
  queue = queue.then(() => (message.staging === undefined ? run(message) : start(message.staging, message.stagingStart))).then(
    () => parentPort.postMessage({ ok: true }),
    (error) => parentPort.postMessage({ ok: false, code: error.code, message: String(error.message) }),
  );
});
`;

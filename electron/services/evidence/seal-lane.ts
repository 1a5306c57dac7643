import type { FileHandle } from 'node:fs/promises';
import { TAG_LENGTH } from '../age/primitives';
import { CHUNK_SIZE, sealChunk } from '../age/stream';
import { STREAM_WORKER_SOURCE } from '../age/stream-worker-source';
import { OrderedWorker } from './ordered-worker';
import { writeAllAt } from './write-all-at';

/**
 * Seals one block of plaintext into age STREAM chunks and writes them at
 * their place in the target file. Every chunk's nonce follows from its
 * index and the final-chunk flag alone, so a block can be sealed anywhere
 * once the caller knows whether it holds the payload's end.
 */

export interface SealJob {
  /** Where the block's plaintext starts in the ring. */
  offset: number;
  length: number;
  /** STREAM index of the block's first chunk. */
  firstChunk: number;
  /** The block holds the payload's final chunk (for an empty payload, the empty one). */
  last: boolean;
  /** Where its first sealed chunk goes in the target file. */
  position: number;
}

export interface SealLane {
  /** Seals and writes one block; jobs complete in the order given. */
  seal(job: SealJob): Promise<void>;
  /** Stops; once it resolves the lane no longer touches the target file. Idempotent. */
  close(): Promise<void>;
  /**
   * Its writes go straight to the disk, past the page cache, so flushing
   * the file while it works has nothing to do (./direct-seal-lane.ts).
   */
  readonly writesThrough: boolean;
}

/** The STREAM rules a block must follow; checked before any byte is sealed. */
export function assertSealJob(ringLength: number, job: SealJob): void {
  const { offset, length, firstChunk, position } = job;
  const integers = [offset, length, firstChunk, position];
  if (!integers.every((value) => Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError('seal job fields must be non-negative integers');
  }
  if (offset + length > ringLength) throw new RangeError('seal job outside the block ring');
  if (!job.last && (length === 0 || length % CHUNK_SIZE !== 0)) {
    throw new RangeError('only the block holding the final chunk may end in a short chunk');
  }
  if (job.last && length === 0 && firstChunk !== 0) {
    throw new RangeError('only an empty payload ends with an empty chunk');
  }
}

function chunkCount(length: number): number {
  // An empty payload still has one (empty) final chunk.
  return Math.max(1, Math.ceil(length / CHUNK_SIZE));
}

/** How many bytes `length` bytes of plaintext take once sealed: each chunk gains a tag. */
export function sealedLength(length: number): number {
  return length + chunkCount(length) * TAG_LENGTH;
}

/** On the calling thread; writes go through the FileHandle one at a time. */
export function createInlineSealLane(
  ring: Buffer,
  payloadKey: Buffer,
  target: FileHandle,
): SealLane {
  let writing: Promise<unknown> = Promise.resolve();
  return {
    async seal(job) {
      assertSealJob(ring.length, job);
      const sealed: Buffer[] = [];
      const count = chunkCount(job.length);
      for (let index = 0; index < count; index++) {
        const start = job.offset + index * CHUNK_SIZE;
        const end = job.offset + Math.min(job.length, (index + 1) * CHUNK_SIZE);
        const last = job.last && index === count - 1;
        sealed.push(sealChunk(payloadKey, job.firstChunk + index, ring.subarray(start, end), last));
      }
      const written = writing.then(() => writeAllAt(target, sealed, job.position));
      writing = written.catch(() => undefined);
      await written;
    },
    async close() {
      await writing;
    },
    writesThrough: false,
  };
}

/**
 * Seals and writes in its own thread, straight to the file descriptor:
 * the ciphertext never crosses threads, and the kernel's copy into the page
 * cache runs beside the hashing instead of after it. Its nonce layout is
 * the one of `chunkNonce` in ../age/stream.ts (seal-lane.spec.ts compares
 * the output with `sealChunk`, byte for byte).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { writevSync } = require('node:fs');
${STREAM_WORKER_SOURCE}
const { ring: sharedRing, payloadKey, fd } = workerData;
const ring = new Uint8Array(sharedRing);
const key = Buffer.from(payloadKey);

function writeAll(buffers, position) {
  let remaining = buffers.filter((buffer) => buffer.length > 0);
  let at = position;
  while (remaining.length > 0) {
    const written = writevSync(fd, remaining, at);
    if (written === 0) throw new Error('the disk accepted no bytes');
    at += written;
    let skip = written;
    const rest = [];
    for (const buffer of remaining) {
      if (skip >= buffer.length) { skip -= buffer.length; continue; }
      rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
      skip = 0;
    }
    remaining = rest;
  }
}

parentPort.on('message', (job) => {
  try {
    const sealed = sealBlock(ring, key, job);
    writeAll(sealed, job.position);
    releaseBuffers(sealed);
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, code: error.code, message: String(error.message) });
  }
});
`;

export function createWorkerSealLane(
  ring: SharedArrayBuffer,
  payloadKey: Buffer,
  target: FileHandle,
): SealLane {
  const worker = new OrderedWorker(WORKER_SOURCE, {
    ring,
    payloadKey: new Uint8Array(payloadKey),
    fd: target.fd,
  });
  let closing: Promise<void> | undefined;
  return {
    async seal(job) {
      assertSealJob(ring.byteLength, job);
      await worker.run({ ...job });
    },
    close() {
      closing ??= worker.stop();
      return closing;
    },
    writesThrough: false,
  };
}

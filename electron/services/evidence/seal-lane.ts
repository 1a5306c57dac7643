import type { FileHandle } from 'node:fs/promises';
import { TAG_LENGTH } from '../age/primitives';
import { CHUNK_SIZE, sealChunk } from '../age/stream';
import { evidenceWorkers, type WorkerPool } from './worker-pool';
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
  /**
   * After every job succeeded: lets go of the target and the key (a worker
   * thread goes back to the pool for the next file). Once it resolves the
   * lane no longer touches the target file. Never rejects.
   */
  finish(): Promise<void>;
  /**
   * Stops (cancel, failure; a worker thread is terminated, never reused);
   * once it resolves the lane no longer touches the target file. Idempotent.
   */
  close(): Promise<void>;
}

/** The STREAM rules a block must follow; checked before any byte is sealed. */
function assertSealJob(ringLength: number, job: SealJob): void {
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
    async finish() {
      await writing;
    },
    async close() {
      await writing;
    },
  };
}

/**
 * Seals and writes in its own thread, straight to the file descriptor:
 * the ciphertext never crosses threads, and the kernel's copy into the page
 * cache runs beside the hashing instead of after it. Its nonce layout is
 * the one of `chunkNonce` in ../age/stream.ts (seal-lane.spec.ts compares
 * the output with `sealChunk`, byte for byte).
 */
export const SEAL_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createCipheriv } = require('node:crypto');
const { writevSync } = require('node:fs');
let ring = null;
let key = null;
let fd = -1;
let chunkSize = 0;
let tagLength = 0;

function nonce(index, last) {
  const bytes = Buffer.alloc(12);
  bytes.writeUIntBE(index, 5, 6);
  bytes[11] = last ? 1 : 0;
  return bytes;
}

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

function begin(job) {
  ring = new Uint8Array(job.ring);
  // A view of the message's own copy, so that 'end' zero-fills the only one.
  key = Buffer.from(job.payloadKey.buffer, job.payloadKey.byteOffset, job.payloadKey.byteLength);
  fd = job.fd;
  chunkSize = job.chunkSize;
  tagLength = job.tagLength;
}

/** Back to the pool holding nothing of the file: no ring, no descriptor, no key. */
function end() {
  let keyCleared = true;
  if (key !== null) {
    key.fill(0);
    keyCleared = key.every((byte) => byte === 0);
  }
  ring = null;
  key = null;
  fd = -1;
  return keyCleared;
}

function seal(job) {
  const sealed = [];
  const count = Math.max(1, Math.ceil(job.length / chunkSize));
  for (let index = 0; index < count; index++) {
    const start = job.offset + index * chunkSize;
    const end = job.offset + Math.min(job.length, (index + 1) * chunkSize);
    const last = job.last && index === count - 1;
    const cipher = createCipheriv('chacha20-poly1305', key, nonce(job.firstChunk + index, last), {
      authTagLength: tagLength,
    });
    sealed.push(cipher.update(ring.subarray(start, end)));
    cipher.final();
    sealed.push(cipher.getAuthTag());
  }
  writeAll(sealed, job.position);
  // Hands each output's memory back to malloc now instead of at the next
  // garbage collection: the next chunks reuse it while it is warm, and
  // gigabytes of dead ciphertext never pile up between collections.
  for (const buffer of sealed) {
    if (buffer.byteOffset === 0 && buffer.buffer.byteLength === buffer.length) buffer.buffer.transfer(0);
  }
}

parentPort.on('message', (job) => {
  try {
    if (job.type === 'begin') {
      begin(job);
      parentPort.postMessage({ ok: true });
    } else if (job.type === 'end') {
      parentPort.postMessage({ ok: true, keyCleared: end() });
    } else {
      if (key === null) throw new Error('no file to seal into');
      seal(job);
      parentPort.postMessage({ ok: true });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, code: error.code, message: String(error.message) });
  }
});
`;

/**
 * The thread comes from `pool`; `finish` hands it back once it has zeroed
 * its key, `close` terminates it.
 */
export function createWorkerSealLane(
  ring: SharedArrayBuffer,
  payloadKey: Buffer,
  target: FileHandle,
  pool: WorkerPool = evidenceWorkers,
): SealLane {
  const worker = pool.acquire(SEAL_WORKER_SOURCE);
  // Its own 32 bytes: cloning a view of a pooled Buffer would copy the whole pool slab.
  const keyCopy = new Uint8Array(payloadKey);
  const begun = worker.run({
    type: 'begin',
    ring,
    payloadKey: keyCopy,
    fd: target.fd,
    chunkSize: CHUNK_SIZE,
    tagLength: TAG_LENGTH,
  });
  // postMessage has cloned it already.
  keyCopy.fill(0);
  // Its failure also fails every later job, which is where the caller sees it.
  begun.catch(() => undefined);
  let closing: Promise<void> | undefined;
  const handBack = async (): Promise<void> => {
    const reply = await worker.run({ type: 'end' }).catch(() => undefined);
    if (reply?.keyCleared === true) pool.release(SEAL_WORKER_SOURCE, worker);
    else await worker.stop();
  };
  return {
    async seal(job) {
      if (closing !== undefined) throw new Error('the seal lane has stopped');
      assertSealJob(ring.byteLength, job);
      await Promise.all([begun, worker.run({ type: 'seal', ...job })]);
    },
    finish() {
      closing ??= handBack();
      return closing;
    },
    close() {
      closing ??= worker.stop();
      return closing;
    },
  };
}

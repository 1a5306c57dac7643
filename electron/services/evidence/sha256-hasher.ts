import { createHash } from 'node:crypto';
import { evidenceWorkers, type WorkerPool } from './worker-pool';

/**
 * SHA-256 of the plaintext as attach reads it, block by block out of its
 * ring of block slots: on the main thread for small files, or in a worker
 * thread reading the same shared memory (nothing is copied or moved).
 */
export interface Sha256Hasher {
  /**
   * Adds `ring[offset, offset + length)` to the hash. Resolves once those
   * bytes have been hashed, so their slot may be refilled; calls complete
   * in the order made.
   */
  update(offset: number, length: number): Promise<void>;
  /** Lowercase hex digest of everything added; the hasher is finished afterwards. */
  digest(): Promise<string>;
  /** Stops (e.g. on cancel or failure); idempotent. */
  close(): Promise<void>;
}

function assertInRing(ringLength: number, offset: number, length: number): void {
  if (
    !Number.isSafeInteger(offset) ||
    !Number.isSafeInteger(length) ||
    offset < 0 ||
    length < 0 ||
    offset + length > ringLength
  ) {
    throw new RangeError('hash range outside the block ring');
  }
}

export function createInlineHasher(ring: Buffer): Sha256Hasher {
  const hash = createHash('sha256');
  return {
    async update(offset, length) {
      assertInRing(ring.length, offset, length);
      hash.update(ring.subarray(offset, offset + length));
    },
    async digest() {
      return hash.digest('hex');
    },
    async close() {},
  };
}

/**
 * One file per 'begin'…'end'; between files (idle in the pool) the thread
 * keeps no reference to any ring. A job outside that pair fails.
 */
export const HASH_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
let ring = null;
let hash = null;
parentPort.on('message', (job) => {
  try {
    if (job.type === 'begin') {
      ring = new Uint8Array(job.ring);
      hash = createHash('sha256');
      parentPort.postMessage({ ok: true });
    } else if (job.type === 'end') {
      ring = null;
      hash = null;
      parentPort.postMessage({ ok: true });
    } else if (job.type === 'update') {
      hash.update(ring.subarray(job.offset, job.offset + job.length));
      parentPort.postMessage({ ok: true });
    } else {
      parentPort.postMessage({ ok: true, hex: hash.digest('hex') });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, code: error.code, message: String(error.message) });
  }
});
`;

/**
 * The worker reads `ring` (shared with the reader and the sealer) directly.
 * It comes from `pool` and goes back there once the digest is out; a
 * hasher closed before that (cancel, failure) terminates its thread.
 */
export function createWorkerHasher(
  ring: SharedArrayBuffer,
  pool: WorkerPool = evidenceWorkers,
): Sha256Hasher {
  const worker = pool.acquire(HASH_WORKER_SOURCE);
  const begun = worker.run({ type: 'begin', ring });
  // Its failure also fails every later job, which is where the caller sees it.
  begun.catch(() => undefined);
  let state: 'hashing' | 'handed back' | 'closed' = 'hashing';
  const assertHashing = (): void => {
    if (state !== 'hashing') throw new Error('the hasher has finished');
  };
  return {
    async update(offset, length) {
      assertHashing();
      assertInRing(ring.byteLength, offset, length);
      await Promise.all([begun, worker.run({ type: 'update', offset, length })]);
    },
    async digest() {
      assertHashing();
      const [, { hex }] = await Promise.all([begun, worker.run({ type: 'digest' })]);
      if (typeof hex !== 'string') throw new Error('the hashing worker gave no digest');
      const ended = await worker.run({ type: 'end' }).then(
        () => true,
        () => false,
      );
      if (state !== 'hashing') return hex;
      if (ended) {
        state = 'handed back';
        pool.release(HASH_WORKER_SOURCE, worker);
      } else {
        state = 'closed';
        await worker.stop();
      }
      return hex;
    },
    async close() {
      // A handed-back thread may already hash someone else's file.
      if (state !== 'hashing') return;
      state = 'closed';
      await worker.stop();
    },
  };
}

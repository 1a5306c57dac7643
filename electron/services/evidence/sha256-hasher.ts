import { createHash } from 'node:crypto';
import { OrderedWorker } from './ordered-worker';

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

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const ring = new Uint8Array(workerData.ring);
const hash = createHash('sha256');
parentPort.on('message', (job) => {
  try {
    if (job.type === 'update') {
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

/** The worker reads `ring` (shared with the reader and the sealer) directly. */
export function createWorkerHasher(ring: SharedArrayBuffer): Sha256Hasher {
  const worker = new OrderedWorker(WORKER_SOURCE, { ring });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await worker.stop();
  };
  return {
    async update(offset, length) {
      assertInRing(ring.byteLength, offset, length);
      await worker.run({ type: 'update', offset, length });
    },
    async digest() {
      const { hex } = await worker.run({ type: 'digest' });
      await close();
      if (typeof hex !== 'string') throw new Error('the hashing worker gave no digest');
      return hex;
    },
    close,
  };
}

import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of a byte stream, for the hashes a bundle needs beside its
 * encryption (the whole bundle's, and each evidence file's re-check).
 * Large streams are hashed in a worker thread, so on a machine with a
 * second core the hashing runs beside the encryption instead of after it.
 */
export interface Sha256Stream {
  /** Adds a copy of `bytes`: the caller may reuse its memory as soon as this returns. */
  update(bytes: Uint8Array): Promise<void>;
  /** Lowercase hex; the hasher is finished afterwards. */
  digest(): Promise<string>;
  /** Stops the worker without a digest (on error or cancel); idempotent. */
  close(): Promise<void>;
}

/** Below this a thread costs more to start than it saves. */
export const OFF_THREAD_FROM_BYTES = 8 * 1024 * 1024;
/** The worker reads from a shared ring of slots: no allocation per message, memory fixed at the ring. */
const SLOT_BYTES = 1024 * 1024;
const SLOTS = 8;

export function createSha256Stream(expectedBytes: number): Sha256Stream {
  return expectedBytes >= OFF_THREAD_FROM_BYTES ? new WorkerSha256() : inlineSha256();
}

function inlineSha256(): Sha256Stream {
  const hash = createHash('sha256');
  return {
    async update(bytes) {
      hash.update(bytes);
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
parentPort.on('message', (message) => {
  if (message === 'digest') {
    parentPort.postMessage({ hex: hash.digest('hex') });
    return;
  }
  hash.update(ring.subarray(message.offset, message.offset + message.length));
  parentPort.postMessage({ hashed: 1 });
});
`;

interface WorkerReply {
  hashed?: number;
  hex?: string;
}

/**
 * Fills one slot of the ring at a time and hands it to the worker; waits
 * only when every slot is still being hashed. Slots are hashed in order, so
 * an acknowledgement always frees the oldest one.
 */
class WorkerSha256 implements Sha256Stream {
  private readonly shared = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  private readonly ring = Buffer.from(this.shared);
  private readonly worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ring: this.shared },
  });
  private slot = 0;
  private filled = 0;
  private busySlots = 0;
  private failure: Error | undefined;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private digestWaiter: { resolve: (hex: string) => void; reject: (e: Error) => void } | undefined;

  constructor() {
    // Never what keeps the process alive: an owner that fails before close() must not hang it.
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.hex !== undefined) {
        this.digestWaiter?.resolve(reply.hex);
        return;
      }
      this.busySlots -= 1;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => this.fail(new Error('the hashing thread stopped')));
  }

  async update(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    let offset = 0;
    while (offset < bytes.length) {
      const taken = Math.min(SLOT_BYTES - this.filled, bytes.length - offset);
      this.ring.set(bytes.subarray(offset, offset + taken), this.slot * SLOT_BYTES + this.filled);
      this.filled += taken;
      offset += taken;
      if (this.filled === SLOT_BYTES) await this.handOver();
    }
  }

  async digest(): Promise<string> {
    if (this.failure) throw this.failure;
    if (this.filled > 0) await this.handOver();
    const hex = await new Promise<string>((resolve, reject) => {
      this.digestWaiter = { resolve, reject };
      this.worker.postMessage('digest');
    });
    await this.close();
    return hex;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  /** Gives the current slot to the worker and moves to the next, once that one is free. */
  private async handOver(): Promise<void> {
    this.worker.postMessage({ offset: this.slot * SLOT_BYTES, length: this.filled });
    this.busySlots += 1;
    this.slot = (this.slot + 1) % SLOTS;
    this.filled = 0;
    while (this.busySlots === SLOTS) {
      await new Promise<void>((resolve, reject) => {
        this.waiting = { resolve, reject };
      });
    }
    if (this.failure) throw this.failure;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(this.failure);
    this.waiting = undefined;
    this.digestWaiter?.reject(this.failure);
    this.digestWaiter = undefined;
  }
}

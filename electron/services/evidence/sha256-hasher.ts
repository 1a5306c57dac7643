import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of a stream of equal-size blocks, either on the calling thread or
 * in a worker thread. Attach encrypts on the main thread while the worker
 * hashes the same blocks, so on two cores the hash costs little wall-clock
 * time. Blocks move to the worker and back without copies and are reused,
 * and a bounded queue keeps memory flat when the worker falls behind.
 */
export interface StreamingHasher {
  /** A block of the hasher's block size to read into (recycled when possible). */
  allocate(): Buffer;
  /**
   * Hashes `block` (from `allocate`, possibly shortened with subarray from
   * offset 0), taking ownership: the caller must not touch it afterwards.
   * Resolves once the queue has room for more.
   */
  update(block: Buffer): Promise<void>;
  /** Lowercase hex digest of everything given; the hasher is finished afterwards. */
  digest(): Promise<string>;
  /** Stops the worker (if any) without a digest, e.g. on cancel. */
  dispose(): Promise<void>;
}

class BlockPool {
  private readonly free: ArrayBuffer[] = [];

  constructor(readonly blockSize: number) {}

  take(): Buffer {
    const memory = this.free.pop();
    return memory === undefined ? Buffer.allocUnsafeSlow(this.blockSize) : Buffer.from(memory);
  }

  give(memory: ArrayBuffer): void {
    if (memory.byteLength === this.blockSize) this.free.push(memory);
  }
}

function ownMemory(block: Buffer, pool: BlockPool): ArrayBuffer {
  const memory = block.buffer;
  if (
    block.byteOffset !== 0 ||
    !(memory instanceof ArrayBuffer) ||
    memory.byteLength !== pool.blockSize
  ) {
    throw new RangeError('hash only blocks obtained from allocate()');
  }
  return memory;
}

export function createInlineHasher(blockSize: number): StreamingHasher {
  const hash = createHash('sha256');
  const pool = new BlockPool(blockSize);
  return {
    allocate: () => pool.take(),
    async update(block) {
      const memory = ownMemory(block, pool);
      hash.update(block);
      pool.give(memory);
    },
    async digest() {
      return hash.digest('hex');
    },
    async dispose() {},
  };
}

/**
 * Plain JavaScript, evaluated by the worker: a separate module file would
 * need its own entry in the main-process bundle and a loader under vitest,
 * while this string works the same in Electron, Node and tests.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (message) => {
  if (message.type === 'block') {
    hash.update(new Uint8Array(message.memory, 0, message.length));
    parentPort.postMessage({ type: 'hashed', memory: message.memory, length: message.length }, [message.memory]);
  } else if (message.type === 'end') {
    parentPort.postMessage({ type: 'digest', hex: hash.digest('hex') });
  }
});
`;

type WorkerReply =
  { type: 'hashed'; memory: ArrayBuffer; length: number } | { type: 'digest'; hex: string };

export function createWorkerHasher(blockSize: number, maxQueuedBytes: number): StreamingHasher {
  const pool = new BlockPool(blockSize);
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  let queuedBytes = 0;
  let failure: Error | undefined;
  let roomWaiter: (() => void) | undefined;
  let digestWaiter: { resolve(hex: string): void; reject(error: Error): void } | undefined;
  let finished = false;

  const fail = (error: Error): void => {
    failure ??= error;
    roomWaiter?.();
    digestWaiter?.reject(failure);
  };
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'hashed') {
      queuedBytes -= reply.length;
      pool.give(reply.memory);
      if (queuedBytes <= maxQueuedBytes) roomWaiter?.();
    } else {
      digestWaiter?.resolve(reply.hex);
    }
  });
  worker.on('error', fail);
  worker.on('exit', () => {
    if (!finished) fail(new Error('the hashing worker stopped'));
  });

  return {
    allocate: () => pool.take(),
    async update(block) {
      if (failure) throw failure;
      const memory = ownMemory(block, pool);
      queuedBytes += block.length;
      worker.postMessage({ type: 'block', memory, length: block.length }, [memory]);
      while (queuedBytes > maxQueuedBytes && !failure) {
        await new Promise<void>((resolve) => (roomWaiter = resolve));
        roomWaiter = undefined;
      }
      if (failure) throw failure;
    },
    async digest() {
      if (failure) throw failure;
      const hex = await new Promise<string>((resolve, reject) => {
        digestWaiter = { resolve, reject };
        worker.postMessage({ type: 'end' });
      });
      finished = true;
      await worker.terminate();
      return hex;
    },
    async dispose() {
      finished = true;
      await worker.terminate();
    },
  };
}

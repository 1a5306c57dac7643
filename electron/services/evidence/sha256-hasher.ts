import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of a stream of blocks, either on the calling thread or in a worker
 * thread. Attach encrypts on the main thread while the worker hashes the
 * same blocks, so on two cores the hash costs no wall-clock time; a bounded
 * queue keeps memory flat when the worker falls behind.
 */
export interface StreamingHasher {
  /**
   * Hashes `block`, taking ownership of it: the caller must not touch it
   * afterwards (its memory may have moved to the worker). Resolves once the
   * queue has room for more.
   */
  update(block: Buffer): Promise<void>;
  /** Lowercase hex digest of everything given; the hasher is finished afterwards. */
  digest(): Promise<string>;
  /** Stops the worker (if any) without a digest, e.g. on cancel. */
  dispose(): Promise<void>;
}

export function createInlineHasher(): StreamingHasher {
  const hash = createHash('sha256');
  return {
    async update(block) {
      hash.update(block);
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
    hash.update(new Uint8Array(message.data, 0, message.length));
    parentPort.postMessage({ type: 'hashed', length: message.length });
  } else if (message.type === 'end') {
    parentPort.postMessage({ type: 'digest', hex: hash.digest('hex') });
  }
});
`;

type WorkerReply = { type: 'hashed'; length: number } | { type: 'digest'; hex: string };

export function createWorkerHasher(maxQueuedBytes: number): StreamingHasher {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  let queuedBytes = 0;
  let failure: Error | undefined;
  let roomWaiter: (() => void) | undefined;
  let digestWaiter: { resolve(hex: string): void; reject(error: Error): void } | undefined;

  const fail = (error: Error): void => {
    failure ??= error;
    roomWaiter?.();
    digestWaiter?.reject(failure);
  };
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'hashed') {
      queuedBytes -= reply.length;
      if (queuedBytes <= maxQueuedBytes) roomWaiter?.();
    } else {
      digestWaiter?.resolve(reply.hex);
    }
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the hashing worker stopped')));

  return {
    async update(block) {
      if (failure) throw failure;
      if (block.length === 0) return;
      const data = toTransferable(block);
      queuedBytes += block.length;
      worker.postMessage({ type: 'block', data, length: block.length }, [data]);
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
      await worker.terminate();
      return hex;
    },
    async dispose() {
      await worker.terminate();
    },
  };
}

/**
 * Blocks from allocateBlock own their ArrayBuffer, so it can move to the
 * worker without a copy. Anything else is copied: moving a Buffer from
 * Node's shared pool would wipe unrelated Buffers.
 */
const movableMemory = new WeakSet<ArrayBufferLike>();

export function allocateBlock(size: number): Buffer {
  const block = Buffer.allocUnsafeSlow(size);
  movableMemory.add(block.buffer);
  return block;
}

function toTransferable(block: Buffer): ArrayBuffer {
  if (
    block.byteOffset === 0 &&
    block.buffer instanceof ArrayBuffer &&
    movableMemory.has(block.buffer)
  ) {
    movableMemory.delete(block.buffer);
    return block.buffer;
  }
  const copy = new Uint8Array(block.length);
  copy.set(block);
  return copy.buffer;
}

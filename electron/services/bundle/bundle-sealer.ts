import { randomBytes } from 'node:crypto';
import { sealHeader, type EncryptTo } from '../age/header-keys';
import { TAG_LENGTH } from '../age/primitives';
import { CHUNK_SIZE, derivePayloadKey, PAYLOAD_NONCE_LENGTH } from '../age/stream';
import { OrderedWorker } from '../evidence/ordered-worker';
import { SlotPool } from '../evidence/slot-pool';

/**
 * Encrypts the bundle's tar stream into an age file on a second thread.
 * The main thread copies the tar bytes into a ring of 1 MiB blocks in
 * shared memory; a worker seals each block into STREAM chunks, hashes the
 * ciphertext (the bundle's SHA-256) and hands the sealed block back by
 * transfer, never by copy. The main thread is left with reading and
 * checking the evidence, so the two cores share the four passes over the
 * bytes (decrypt, hash, encrypt, hash) instead of one core doing all four.
 *
 * Memory is the ring plus the sealed blocks waiting for the disk: a block's
 * slot is given back only once its ciphertext was handed to `write`, and
 * `write` resolves only when the output took it (one batch in flight), so
 * a slow disk slows the producer instead of letting blocks pile up.
 */

/** 16 STREAM chunks: one job and one sealed buffer per block. */
export const SEAL_BLOCK_SIZE = 16 * CHUNK_SIZE;
const CHUNKS_PER_BLOCK = SEAL_BLOCK_SIZE / CHUNK_SIZE;
/** 4 MiB of plaintext ahead: enough for the producer to stay ahead of the worker on two cores. */
export const SEAL_RING_SLOTS = 4;

export interface BundleSealerOptions {
  to: EncryptTo;
  /** Receives the age file in order; the buffer is the caller's from then on. */
  write(bytes: Buffer): Promise<void>;
  /** Tests use two slots so that they cycle. */
  ringSlots?: number;
}

export interface BundleSealer {
  /** Adds plaintext; resolves once it is copied into the ring, so `bytes` may be reused. */
  push(bytes: Uint8Array): Promise<void>;
  /** Seals the final chunk, waits for every write; resolves with the SHA-256 of the age file. */
  finish(): Promise<string>;
  /** Stops the worker; idempotent, safe after a failure. Once it resolves no write is pending. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createHash } = require('node:crypto');
const { ring: sharedRing, payloadKey, chunkSize, tagLength } = workerData;
const ring = new Uint8Array(sharedRing);
const key = Buffer.from(payloadKey);
const hash = createHash('sha256');
const nonce = Buffer.alloc(12);

function seal(job) {
  const count = Math.max(1, Math.ceil(job.length / chunkSize));
  const sealed = Buffer.allocUnsafeSlow(job.length + count * tagLength);
  let at = 0;
  for (let index = 0; index < count; index++) {
    const start = job.offset + index * chunkSize;
    const end = job.offset + Math.min(job.length, (index + 1) * chunkSize);
    nonce.fill(0);
    nonce.writeUIntBE(job.firstChunk + index, 5, 6);
    nonce[11] = job.last && index === count - 1 ? 1 : 0;
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: tagLength });
    const ciphertext = cipher.update(ring.subarray(start, end));
    at += ciphertext.copy(sealed, at);
    // Frees the chunk's memory now rather than at the next collection.
    if (ciphertext.byteOffset === 0 && ciphertext.buffer.byteLength === ciphertext.length) {
      ciphertext.buffer.transfer(0);
    }
    cipher.final();
    at += cipher.getAuthTag().copy(sealed, at);
  }
  hash.update(sealed);
  return sealed;
}

parentPort.on('message', (job) => {
  try {
    if (job.type === 'seal') {
      const sealed = seal(job);
      parentPort.postMessage({ ok: true, sealed: sealed.buffer }, [sealed.buffer]);
    } else if (job.type === 'hash') {
      hash.update(job.bytes);
      parentPort.postMessage({ ok: true });
    } else {
      parentPort.postMessage({ ok: true, hex: hash.digest('hex') });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, code: error.code, message: String(error.message) });
  }
});
`;

export async function openBundleSealer(options: BundleSealerOptions): Promise<BundleSealer> {
  const slotCount = options.ringSlots ?? SEAL_RING_SLOTS;
  const slots = new SlotPool(slotCount);
  const { header, fileKey } = await sealHeader(options.to);
  const payloadNonce = randomBytes(PAYLOAD_NONCE_LENGTH);
  const payloadKey = derivePayloadKey(fileKey, payloadNonce);
  fileKey.fill(0);
  const shared = new SharedArrayBuffer(slotCount * SEAL_BLOCK_SIZE);
  const ring = Buffer.from(shared);
  let worker: OrderedWorker;
  try {
    worker = new OrderedWorker(WORKER_SOURCE, {
      ring: shared,
      payloadKey: new Uint8Array(payloadKey),
      chunkSize: CHUNK_SIZE,
      tagLength: TAG_LENGTH,
    });
  } finally {
    payloadKey.fill(0);
  }
  const prefix = Buffer.concat([header, payloadNonce]);
  return new RingSealer(worker, ring, slots, options.write, prefix);
}

interface FilledBlock {
  slot: number;
  length: number;
  index: number;
}

class RingSealer implements BundleSealer {
  private current: FilledBlock | undefined;
  /** A full block waits until it is known whether more bytes follow (the final-chunk flag). */
  private held: FilledBlock | undefined;
  private nextIndex = 0;
  /** Writes happen in block order; each waits for the one before. */
  private written: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;
  private finished = false;

  constructor(
    private readonly worker: OrderedWorker,
    private readonly ring: Buffer,
    private readonly slots: SlotPool,
    private readonly write: (bytes: Buffer) => Promise<void>,
    prefix: Buffer,
  ) {
    this.written = this.track(
      Promise.all([this.worker.run({ type: 'hash', bytes: prefix }), this.write(prefix)]),
    );
  }

  async push(bytes: Uint8Array): Promise<void> {
    if (this.closing !== undefined) throw new Error('the bundle sealer was closed');
    if (this.finished) throw new Error('the bundle sealer has finished');
    let offset = 0;
    while (offset < bytes.byteLength) {
      if (this.current === undefined || this.current.length === SEAL_BLOCK_SIZE) {
        if (this.current !== undefined) this.hold(this.current);
        this.current = { slot: await this.slots.take(), length: 0, index: this.nextIndex++ };
      }
      const block = this.current;
      const taken = Math.min(SEAL_BLOCK_SIZE - block.length, bytes.byteLength - offset);
      this.ring.set(
        bytes.subarray(offset, offset + taken),
        block.slot * SEAL_BLOCK_SIZE + block.length,
      );
      block.length += taken;
      offset += taken;
    }
  }

  async finish(): Promise<string> {
    if (this.closing !== undefined) throw new Error('the bundle sealer was closed');
    if (this.finished) throw new Error('the bundle sealer has finished');
    this.finished = true;
    // A held block always has a newer one after it, so it is never the last.
    if (this.held !== undefined) this.seal(this.held, false);
    this.held = undefined;
    // An empty payload still has its one (empty) final chunk.
    const last = this.current ?? { slot: await this.slots.take(), length: 0, index: 0 };
    this.current = undefined;
    this.seal(last, true);
    await Promise.all(this.inFlight);
    if (this.slots.failed !== undefined) throw this.slots.failed.error;
    const { hex } = await this.worker.run({ type: 'digest' });
    if (typeof hex !== 'string') throw new Error('the sealing worker gave no digest');
    return hex;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.slots.fail(new Error('the bundle sealer was closed'));
      await this.worker.stop();
      await Promise.all(this.inFlight);
    })();
    return this.closing;
  }

  /** The previous full block is not the last one: a new block starts after it. */
  private hold(block: FilledBlock): void {
    if (this.held !== undefined) this.seal(this.held, false);
    this.held = block;
    if (this.slots.failed !== undefined) throw this.slots.failed.error;
  }

  private seal(block: FilledBlock, last: boolean): void {
    const sealed = this.worker.run({
      type: 'seal',
      offset: block.slot * SEAL_BLOCK_SIZE,
      length: block.length,
      firstChunk: block.index * CHUNKS_PER_BLOCK,
      last,
    });
    const previous = this.written;
    this.written = this.track(
      sealed.then(async (reply) => {
        await previous;
        if (!(reply.sealed instanceof ArrayBuffer)) {
          throw new Error('the sealing worker gave no sealed block');
        }
        await this.write(Buffer.from(reply.sealed));
        this.slots.give(block.slot);
      }),
    );
  }

  /** Keeps `step` until it settles; its failure fails the pool so the producer stops. */
  private track(step: Promise<unknown>): Promise<void> {
    const settled = step.then(
      () => undefined,
      (error: unknown) => {
        this.slots.fail(error);
        throw error;
      },
    );
    const kept = settled.catch(() => undefined);
    this.inFlight.add(kept);
    void kept.then(() => this.inFlight.delete(kept));
    return settled;
  }
}

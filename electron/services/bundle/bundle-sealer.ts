import { randomBytes } from 'node:crypto';
import { sealHeader, type EncryptTo } from '../age/header-keys';
import { TAG_LENGTH } from '../age/primitives';
import { CHUNK_SIZE, derivePayloadKey, PAYLOAD_NONCE_LENGTH } from '../age/stream';
import { STREAM_WORKER_SOURCE } from '../age/stream-worker-source';
import { OrderedWorker } from '../evidence/ordered-worker';
import { SlotPool } from '../evidence/slot-pool';

/**
 * Encrypts the bundle's tar stream into an age file on a second thread.
 * The main thread copies the tar bytes into a ring of 1 MiB blocks in
 * shared memory; a worker seals each block into STREAM chunks in the same
 * slot's output half of the ring and hashes the ciphertext there (the
 * bundle's SHA-256). The stored evidence is decrypted and re-hashed by
 * another worker (`age/hashing-decryptor.ts`), so the four passes over the
 * bytes (decrypt, hash, encrypt, hash) are shared two and two by the two
 * cores, and the main thread is left with copying and tar framing.
 *
 * Nothing is allocated per block: a fresh 1 MiB buffer per block, handed
 * between threads and freed, cost more in page faults and heap growth
 * (kernel time) than the encryption itself. Memory is the ring whatever
 * the bundle size: a slot is reused only once the caller reported its
 * sealed bytes written (`written`), so a slow disk slows the producer.
 */

/** 16 STREAM chunks: one job and one sealed buffer per block. */
export const SEAL_BLOCK_SIZE = 16 * CHUNK_SIZE;
const CHUNKS_PER_BLOCK = SEAL_BLOCK_SIZE / CHUNK_SIZE;
const SEALED_BLOCK_SIZE = SEAL_BLOCK_SIZE + CHUNKS_PER_BLOCK * TAG_LENGTH;
/**
 * A block is filled, sealed, then waits for the disk (the output keeps one
 * write in flight and starts the next): six slots leave the producer and
 * the worker room beside the two the output holds.
 */
export const SEAL_RING_SLOTS = 6;

export interface BundleSealerOptions {
  to: EncryptTo;
  /**
   * Receives the age file in order, as views of the ring: the memory stays
   * the sealer's, and the caller reports through `written` once it is on
   * disk (or copied). Resolving means only that the caller took the view.
   */
  write(bytes: Buffer): Promise<void>;
  /** Tests use three slots so that they cycle. */
  ringSlots?: number;
}

export interface BundleSealer {
  /** Adds plaintext; resolves once it is copied into the ring, so `bytes` may be reused. */
  push(bytes: Uint8Array): Promise<void>;
  /** Seals the final chunk, waits for every write; resolves with the SHA-256 of the age file. */
  finish(): Promise<string>;
  /** `bytes` more of what `write` received, in order, are written: their slots may be reused. */
  written(bytes: number): void;
  /** Stops the worker; idempotent, safe after a failure. Once it resolves no write is pending. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
${STREAM_WORKER_SOURCE}
const { ring: sharedRing, payloadKey } = workerData;
const ring = Buffer.from(sharedRing);
const key = Buffer.from(payloadKey);
const hash = createHash('sha256');

function seal(job) {
  const sealed = sealBlock(ring, key, job);
  let at = job.sealedOffset;
  for (const buffer of sealed) at += buffer.copy(ring, at);
  releaseBuffers(sealed);
  hash.update(ring.subarray(job.sealedOffset, at));
  return at - job.sealedOffset;
}

parentPort.on('message', (job) => {
  try {
    if (job.type === 'seal') {
      parentPort.postMessage({ ok: true, sealedLength: seal(job) });
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
  // Plaintext halves of the slots first, then their sealed halves.
  const shared = new SharedArrayBuffer(slotCount * (SEAL_BLOCK_SIZE + SEALED_BLOCK_SIZE));
  const ring = Buffer.from(shared);
  let worker: OrderedWorker;
  try {
    worker = new OrderedWorker(WORKER_SOURCE, {
      ring: shared,
      payloadKey: new Uint8Array(payloadKey),
    });
  } finally {
    payloadKey.fill(0);
  }
  const prefix = Buffer.concat([header, payloadNonce]);
  return new RingSealer(worker, ring, slots, slotCount, options.write, prefix);
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
  private writing: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;
  private finished = false;
  /** What was handed to `write` and not yet reported written, in order; the header has no slot. */
  private readonly unwritten: { slot: number | undefined; length: number }[] = [];
  private writtenCredit = 0;
  /** The age header and payload nonce, written before the first block (never from the constructor). */
  private prefix: Buffer | undefined;

  constructor(
    private readonly worker: OrderedWorker,
    private readonly ring: Buffer,
    private readonly slots: SlotPool,
    private readonly slotCount: number,
    private readonly write: (bytes: Buffer) => Promise<void>,
    prefix: Buffer,
  ) {
    this.writing = Promise.resolve();
    this.prefix = prefix;
  }

  written(bytes: number): void {
    this.writtenCredit += bytes;
    while (this.unwritten.length > 0 && this.writtenCredit >= this.unwritten[0]!.length) {
      const done = this.unwritten.shift()!;
      this.writtenCredit -= done.length;
      if (done.slot !== undefined) this.slots.give(done.slot);
    }
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
    if (this.prefix !== undefined) {
      const prefix = this.prefix;
      this.prefix = undefined;
      this.unwritten.push({ slot: undefined, length: prefix.length });
      this.writing = this.track(
        Promise.all([this.worker.run({ type: 'hash', bytes: prefix }), this.write(prefix)]),
      );
    }
    const sealedOffset = this.slotCount * SEAL_BLOCK_SIZE + block.slot * SEALED_BLOCK_SIZE;
    const sealed = this.worker.run({
      type: 'seal',
      offset: block.slot * SEAL_BLOCK_SIZE,
      length: block.length,
      firstChunk: block.index * CHUNKS_PER_BLOCK,
      last,
      sealedOffset,
    });
    const previous = this.writing;
    this.writing = this.track(
      sealed.then(async ({ sealedLength }) => {
        await previous;
        if (typeof sealedLength !== 'number') throw new Error('the sealing worker gave no length');
        this.unwritten.push({ slot: block.slot, length: sealedLength });
        await this.write(this.ring.subarray(sealedOffset, sealedOffset + sealedLength));
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

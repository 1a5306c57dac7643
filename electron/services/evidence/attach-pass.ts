import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { sealHeader } from '../age/header-keys';
import {
  CHUNK_SIZE,
  derivePayloadKey,
  ENCRYPTED_CHUNK_SIZE,
  PAYLOAD_NONCE_LENGTH,
} from '../age/stream';
import { cancelled, sourceFailure, writeFailure } from './evidence-errors';
import type { ProgressThrottle } from './progress-throttle';
import { openDirectSealLane } from './direct-seal-lane';
import { createInlineSealLane, createWorkerSealLane, type SealLane } from './seal-lane';
import { createInlineHasher, createWorkerHasher, type Sha256Hasher } from './sha256-hasher';
import { SlotPool } from './slot-pool';
import { SNIFF_LENGTH } from './sniff-media-type';
import { writeAllAt } from './write-all-at';

/**
 * One pass over the source. The main thread reads 1 MiB blocks into a ring
 * of slots; for large files one worker thread hashes each block while
 * another seals it into age STREAM chunks (Node's native ChaCha20-Poly1305)
 * and writes them to the file, past the page cache where the file system
 * allows it (./direct-seal-lane.ts), both reading the ring's shared
 * memory. On two cores the hash and the sealing run side by side, and the
 * event loop only routes messages. A block's slot is reused once it is
 * hashed and sealed, so memory is the ring whatever the file size. No
 * plaintext ever reaches the disk.
 */

/** 16 STREAM chunks: one read, one job for each worker. */
export const BLOCK_SIZE = 16 * CHUNK_SIZE;
const CHUNKS_PER_BLOCK = BLOCK_SIZE / CHUNK_SIZE;
const SEALED_BLOCK_SIZE = CHUNKS_PER_BLOCK * ENCRYPTED_CHUNK_SIZE;
/** 8 MiB in flight: enough for the reader to stay ahead of both workers. */
export const WORKER_RING_SLOTS = 8;
/** On one thread a block is hashed and sealed as soon as it is read: one slot of lookahead. */
const INLINE_RING_SLOTS = 2;
/**
 * Data written through the page cache is flushed to disk in the background
 * every so often, so the final fsync finds little left to write instead of
 * a whole video (a lane writing past the cache needs none of it). 16 MiB:
 * 1 GiB on this project's VM, five alternating runs twice, took a median of
 * 795-797 ms against 823-841 ms with 64 MiB (and 955 ms with 256 MiB).
 */
const BACKGROUND_SYNC_BYTES = 16 * 1024 * 1024;

/** Where attach reads the plaintext from, in order. */
export interface BlockSource {
  /** Fills `block` with the next bytes; fewer than its length only at the end (0: nothing left). */
  readBlock(block: Buffer): Promise<number>;
}

export function fileBlockSource(handle: FileHandle): BlockSource {
  let position = 0;
  return {
    async readBlock(block) {
      let filled = 0;
      while (filled < block.length) {
        const { bytesRead } = await handle.read(
          block,
          filled,
          block.length - filled,
          position + filled,
        );
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      position += filled;
      return filled;
    },
  };
}

export interface AttachPassInput {
  source: BlockSource;
  /** An empty file opened for writing; the pass writes at explicit positions. */
  target: FileHandle;
  recipient: string;
  /** Hash and seal in two worker threads (large files) or on the calling thread. */
  threads: 'workers' | 'inline';
  /**
   * With worker threads, write past the page cache where the file system
   * allows it (the default; ./direct-seal-lane.ts). False keeps every
   * write in the page cache, as on file systems that refuse direct writes.
   */
  directWrites?: boolean;
  progress: ProgressThrottle;
  signal?: AbortSignal;
  /** Blocks in flight at once; tests use fewer than the default to make slots cycle. */
  ringSlots?: number;
}

export interface AttachPassResult {
  size: number;
  sha256: string;
  /** The plaintext's first bytes, for sniffing its type. */
  head: Buffer;
}

export interface Lanes {
  ring: Buffer;
  hasher: Sha256Hasher;
  sealer: SealLane;
}

export interface LaneOptions {
  threads: AttachPassInput['threads'];
  slotCount: number;
  payloadKey: Buffer;
  target: FileHandle;
  /** The age header and payload nonce: the file's first bytes. */
  prefix: Buffer;
  /** Worker lanes write past the page cache when the file system allows it. */
  directWrites: boolean;
}

/**
 * Opens the lanes and has the file start with the prefix: a lane writing
 * past the page cache sends it with the first blocks; otherwise it is
 * written here.
 */
export type LaneFactory = (options: LaneOptions) => Promise<Lanes>;

async function writePrefix(target: FileHandle, prefix: Buffer): Promise<void> {
  await writeAllAt(target, [prefix], 0).catch((error: unknown) => {
    throw writeFailure(error);
  });
}

export async function openLanes(options: LaneOptions): Promise<Lanes> {
  const { slotCount, payloadKey, target, prefix } = options;
  if (options.threads === 'inline') {
    await writePrefix(target, prefix);
    const ring = Buffer.allocUnsafeSlow(slotCount * BLOCK_SIZE);
    return {
      ring,
      hasher: createInlineHasher(ring),
      sealer: createInlineSealLane(ring, payloadKey, target),
    };
  }
  const shared = new SharedArrayBuffer(slotCount * BLOCK_SIZE);
  // Started first: the thread boots while the direct lane probes the disk.
  const hasher = createWorkerHasher(shared);
  try {
    const direct = options.directWrites
      ? await openDirectSealLane({
          ring: shared,
          payloadKey,
          target,
          prefix,
          maxJobLength: BLOCK_SIZE,
        })
      : undefined;
    if (direct === undefined) await writePrefix(target, prefix);
    return {
      ring: Buffer.from(shared),
      hasher,
      sealer: direct ?? createWorkerSealLane(shared, payloadKey, target),
    };
  } catch (error) {
    void hasher.close();
    throw error;
  }
}

/** `makeLanes` is for tests that need a lane to lag behind the other. */
export async function runAttachPass(
  input: AttachPassInput,
  makeLanes: LaneFactory = openLanes,
): Promise<AttachPassResult> {
  const { target, recipient, signal } = input;
  if (signal?.aborted) throw cancelled();
  const slotCount =
    input.ringSlots ?? (input.threads === 'workers' ? WORKER_RING_SLOTS : INLINE_RING_SLOTS);
  const slots = new SlotPool(slotCount);
  const { header, fileKey } = await sealHeader({ recipients: [recipient] });
  const payloadNonce = randomBytes(PAYLOAD_NONCE_LENGTH);
  const payloadKey = derivePayloadKey(fileKey, payloadNonce);
  fileKey.fill(0);
  try {
    const prefix = Buffer.concat([header, payloadNonce]);
    const lanes = await makeLanes({
      threads: input.threads,
      slotCount,
      payloadKey,
      target,
      prefix,
      directWrites: input.directWrites ?? true,
    });
    const pass = new Pass(input, lanes, slots, prefix.length);
    try {
      return await pass.run();
    } finally {
      // Before the caller closes the target: a worker must not write to a reused descriptor.
      await Promise.all([lanes.sealer.close(), lanes.hasher.close()]);
    }
  } finally {
    payloadKey.fill(0);
  }
}

interface ReadBlock {
  index: number;
  slot: number;
  length: number;
  /** Settles true once hashed, false if that failed (the pool has the error). */
  hashed: Promise<boolean>;
}

class Pass {
  private readonly inFlight = new Set<Promise<void>>();
  private unsynced = 0;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly input: AttachPassInput,
    private readonly lanes: Lanes,
    private readonly slots: SlotPool,
    private readonly payloadStart: number,
  ) {}

  async run(): Promise<AttachPassResult> {
    const abort = (): void => this.slots.fail(cancelled());
    this.input.signal?.addEventListener('abort', abort, { once: true });
    try {
      let read: { size: number; head: Buffer } | undefined;
      try {
        read = await this.readAll();
      } catch (error) {
        this.slots.fail(error);
        // Stops the workers now instead of after the blocks already queued.
        await Promise.all([this.lanes.sealer.close(), this.lanes.hasher.close()]);
      }
      await Promise.all(this.inFlight);
      await this.syncing;
      // The first failure wins: a cancel, a read, a write or a worker.
      if (this.slots.failed !== undefined || read === undefined) throw this.slots.failed?.error;
      const { size, head } = read;
      const sha256 = await this.lanes.hasher.digest();
      await this.input.target.sync().catch((error: unknown) => {
        throw writeFailure(error);
      });
      return { size, sha256, head };
    } finally {
      this.input.signal?.removeEventListener('abort', abort);
    }
  }

  /**
   * Reads block after block. A block is sealed once the next read shows
   * whether it holds the final chunk: a short block does; a full one does
   * when the next read is empty.
   */
  private async readAll(): Promise<{ size: number; head: Buffer }> {
    let size = 0;
    let head = Buffer.alloc(0);
    let previous: ReadBlock | undefined;
    for (let index = 0; ; index++) {
      const slot = await this.slots.take();
      const block = this.lanes.ring.subarray(slot * BLOCK_SIZE, (slot + 1) * BLOCK_SIZE);
      const length = await this.input.source.readBlock(block).catch((error: unknown) => {
        throw sourceFailure(error);
      });
      if (this.slots.failed !== undefined) throw this.slots.failed.error;
      if (index === 0) head = Buffer.from(block.subarray(0, Math.min(length, SNIFF_LENGTH)));
      size += length;
      if (previous !== undefined) this.seal(previous, length === 0);
      if (length === 0 && index > 0) {
        this.slots.give(slot);
        break;
      }
      const current = { index, slot, length, hashed: this.hash(slot, length) };
      if (length < BLOCK_SIZE) {
        this.seal(current, true);
        break;
      }
      previous = current;
    }
    return { size, head };
  }

  private hash(slot: number, length: number): Promise<boolean> {
    if (length === 0) return Promise.resolve(true);
    return this.lanes.hasher.update(slot * BLOCK_SIZE, length).then(
      () => true,
      (error: unknown) => {
        this.slots.fail(error);
        return false;
      },
    );
  }

  private seal(block: ReadBlock, last: boolean): void {
    const sealed = this.lanes.sealer
      .seal({
        offset: block.slot * BLOCK_SIZE,
        length: block.length,
        firstChunk: block.index * CHUNKS_PER_BLOCK,
        last,
        position: this.payloadStart + block.index * SEALED_BLOCK_SIZE,
      })
      .then(
        () => {
          this.written(block);
          return true;
        },
        (error: unknown) => {
          this.slots.fail(writeFailure(error));
          return false;
        },
      );
    const released = Promise.all([block.hashed, sealed]).then(([hashed, written]) => {
      if (hashed && written) this.slots.give(block.slot);
    });
    this.inFlight.add(released);
    void released.then(() => this.inFlight.delete(released));
  }

  /** Blocks complete in order, so everything up to this one is sealed. */
  private written(block: ReadBlock): void {
    this.input.progress.report(block.index * BLOCK_SIZE + block.length);
    if (this.lanes.sealer.writesThrough) return;
    this.unsynced += block.length;
    if (this.unsynced < BACKGROUND_SYNC_BYTES || this.syncing !== undefined) return;
    this.unsynced = 0;
    // A failure here shows again in the final fsync, which is the one that counts.
    this.syncing = this.input.target
      .datasync()
      .catch(() => undefined)
      .then(() => {
        this.syncing = undefined;
      });
  }
}

import { open, type FileHandle } from 'node:fs/promises';
import {
  createInlineHasher,
  createWorkerHasher,
  type Sha256Hasher,
} from '../evidence/sha256-hasher';
import { SlotPool } from '../evidence/slot-pool';

/**
 * Reads the volumes of a bundle in order, 1 MiB at a time, and hashes the
 * bytes (the bundle's SHA-256, for the import summary) beside the reading:
 * with `threads: 'worker'` a worker thread hashes each block out of a ring
 * of shared memory while the main thread decrypts it, so the main thread,
 * which decrypts and routes everything else, does not also hash a gigabyte.
 * A block's slot is reused once it is hashed and the caller asked for the
 * next block, so memory is the ring whatever the bundle size.
 */

export const READ_BLOCK_BYTES = 1024 * 1024;
/** One block being decrypted, one being read, two being hashed. */
const RING_SLOTS = 4;

export interface HashedVolumeRead {
  /** The bytes in order. A block is valid until the next is asked for: copy what you keep. */
  blocks: AsyncGenerator<Buffer>;
  /** Lowercase hex SHA-256 of every byte yielded; once the blocks have ended. */
  digest(): Promise<string>;
  /** Stops the hashing thread; idempotent, and safe after a failure. */
  close(): Promise<void>;
}

export function readVolumesHashed(
  paths: readonly string[],
  options: { threads: 'worker' | 'inline'; signal?: AbortSignal },
): HashedVolumeRead {
  const { signal } = options;
  const slots = new SlotPool(RING_SLOTS);
  let ring: Buffer;
  let hasher: Sha256Hasher;
  if (options.threads === 'worker') {
    const shared = new SharedArrayBuffer(RING_SLOTS * READ_BLOCK_BYTES);
    ring = Buffer.from(shared);
    hasher = createWorkerHasher(shared);
  } else {
    ring = Buffer.allocUnsafeSlow(RING_SLOTS * READ_BLOCK_BYTES);
    hasher = createInlineHasher(ring);
  }
  const hashing = new Set<Promise<void>>();

  async function readInto(handle: FileHandle, position: number) {
    const slot = await slots.take();
    const { bytesRead } = await handle
      .read(ring, slot * READ_BLOCK_BYTES, READ_BLOCK_BYTES, position)
      .catch((error: unknown) => {
        slots.give(slot);
        throw error;
      });
    return { slot, bytesRead };
  }

  function hash(slot: number, length: number): Promise<void> {
    const hashed = hasher.update(slot * READ_BLOCK_BYTES, length).catch((error: unknown) => {
      slots.fail(error);
      throw error;
    });
    hashing.add(hashed);
    hashed.catch(() => undefined).finally(() => hashing.delete(hashed));
    return hashed;
  }

  async function* blocks(): AsyncGenerator<Buffer> {
    for (const path of paths) {
      signal?.throwIfAborted();
      const handle = await open(path, 'r');
      let next = readInto(handle, 0);
      try {
        for (let position = 0; ;) {
          const { slot, bytesRead } = await next;
          if (bytesRead === 0) {
            slots.give(slot);
            break;
          }
          position += bytesRead;
          const hashed = hash(slot, bytesRead);
          next = readInto(handle, position);
          signal?.throwIfAborted();
          yield ring.subarray(slot * READ_BLOCK_BYTES, slot * READ_BLOCK_BYTES + bytesRead);
          // The caller is done with the block; it is free again once hashed too.
          hashed.then(
            () => slots.give(slot),
            () => undefined,
          );
        }
      } finally {
        // A read may still be running when the caller stops early: the handle outlives it.
        await next.catch(() => undefined);
        await handle.close();
      }
    }
  }

  return {
    blocks: blocks(),
    async digest() {
      await Promise.all(hashing);
      return hasher.digest();
    },
    close: () => hasher.close(),
  };
}

import { open, type FileHandle } from 'node:fs/promises';
import { AgeError } from './errors';
import type { DecryptBy } from './header-keys';
import { openPayloadFile, readAt } from './payload-file';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, openChunk } from './stream';
import { releaseMemory } from './release-memory';

/**
 * Reads any plaintext range of an age file by decrypting only the chunks
 * that cover it, e.g. for seeking in a video. Every returned byte comes from
 * an authenticated chunk at its proper index; the final chunk is
 * authenticated at open, so the reported size is known to be real.
 */

export interface RandomAccessReader {
  /** Plaintext size in bytes. */
  readonly size: number;
  /** Plaintext bytes [start, end), clamped to the size. */
  read(start: number, end: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openRandomAccess(path: string, by: DecryptBy): Promise<RandomAccessReader> {
  const handle = await open(path, 'r');
  try {
    return await createReader(handle, by);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function createReader(handle: FileHandle, by: DecryptBy): Promise<RandomAccessReader> {
  const { payloadKey, payloadStart, layout, lastPlaintext } = await openPayloadFile(handle, by);
  const lastIndex = layout.chunkCount - 1;
  const chunkOffset = (index: number): number => payloadStart + index * ENCRYPTED_CHUNK_SIZE;

  function openFollowed(index: number, sealed: Buffer): Buffer {
    const plaintext =
      sealed.length === ENCRYPTED_CHUNK_SIZE
        ? openChunk(payloadKey, index, sealed, false)
        : undefined;
    if (plaintext === undefined) {
      throw new AgeError('PAYLOAD_AUTH', `age payload chunk ${index} failed authentication`);
    }
    return plaintext;
  }

  /** Chunks first..last in one read from the file: one system call however long the range. */
  async function readChunks(first: number, last: number): Promise<Buffer[]> {
    const beforeLast = Math.min(last, lastIndex - 1);
    const opened: Buffer[] = [];
    if (first <= beforeLast) {
      const count = beforeLast - first + 1;
      const sealed = await readAt(handle, chunkOffset(first), count * ENCRYPTED_CHUNK_SIZE);
      for (let n = 0; n < count; n++) {
        const from = n * ENCRYPTED_CHUNK_SIZE;
        opened.push(openFollowed(first + n, sealed.subarray(from, from + ENCRYPTED_CHUNK_SIZE)));
      }
      // Every chunk is opened into fresh memory, so the ciphertext is dead already.
      releaseMemory(sealed);
    }
    if (last === lastIndex) opened.push(lastPlaintext);
    return opened;
  }

  let closed = false;
  return {
    size: layout.plaintextSize,
    async read(rangeStart: number, rangeEnd: number): Promise<Buffer> {
      if (closed) throw new Error('random access reader is closed');
      if (!Number.isSafeInteger(rangeStart) || !Number.isSafeInteger(rangeEnd) || rangeStart < 0) {
        throw new RangeError('read range must be non-negative integers');
      }
      const from = Math.min(rangeStart, layout.plaintextSize);
      const to = Math.min(Math.max(rangeEnd, from), layout.plaintextSize);
      if (from === to) return Buffer.alloc(0);
      const firstChunk = Math.floor(from / CHUNK_SIZE);
      const lastChunk = Math.floor((to - 1) / CHUNK_SIZE);
      const chunks = await readChunks(firstChunk, lastChunk);
      const parts = chunks.map((plaintext, n) => {
        const chunkStart = (firstChunk + n) * CHUNK_SIZE;
        return plaintext.subarray(
          Math.max(from - chunkStart, 0),
          Math.min(to - chunkStart, CHUNK_SIZE),
        );
      });
      // A copy, so callers never hold the cached last chunk that close() wipes.
      const joined = Buffer.concat(parts);
      for (const plaintext of chunks) if (plaintext !== lastPlaintext) releaseMemory(plaintext);
      return joined;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      lastPlaintext.fill(0);
      payloadKey.fill(0);
      await handle.close();
    },
  };
}

import { open, type FileHandle } from 'node:fs/promises';
import { AgeError } from './errors';
import { assertPlausibleStart, findHeaderEnd, MAX_HEADER_BYTES, parseHeader } from './header';
import { openHeader, type DecryptBy } from './header-keys';
import {
  CHUNK_SIZE,
  ChunkOpener,
  derivePayloadKey,
  ENCRYPTED_CHUNK_SIZE,
  openChunk,
  PAYLOAD_NONCE_LENGTH,
  payloadLayout,
} from './stream';
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

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

async function createReader(handle: FileHandle, by: DecryptBy): Promise<RandomAccessReader> {
  const { size: fileSize } = await handle.stat();
  const start = await readAt(
    handle,
    0,
    Math.min(fileSize, MAX_HEADER_BYTES + PAYLOAD_NONCE_LENGTH),
  );
  if (start.length === 0) throw new AgeError('NOT_AGE', 'empty file is not an age file');
  assertPlausibleStart(start);
  const headerEnd = findHeaderEnd(start.subarray(0, MAX_HEADER_BYTES + 1));
  if (headerEnd < 0) {
    throw new AgeError('MALFORMED_HEADER', 'age header is truncated or exceeds the size limit');
  }
  const header = parseHeader(start.subarray(0, headerEnd));
  const payloadStart = headerEnd + PAYLOAD_NONCE_LENGTH;
  if (start.length < payloadStart) {
    throw new AgeError('MALFORMED_HEADER', 'file ends before the payload nonce');
  }
  const fileKey = await openHeader(header, by);
  const payloadKey = derivePayloadKey(fileKey, start.subarray(headerEnd, payloadStart));
  fileKey.fill(0);

  const layout = payloadLayout(fileSize - payloadStart);
  const lastIndex = layout.chunkCount - 1;
  const chunkOffset = (index: number): number => payloadStart + index * ENCRYPTED_CHUNK_SIZE;

  // Authenticate the final chunk now: this proves the file is neither truncated nor extended.
  const lastSealed = await readAt(handle, chunkOffset(lastIndex), layout.lastChunkSize);
  const lastOpened = new ChunkOpener(payloadKey, lastIndex).openAtEnd(lastSealed);
  if (lastOpened.errorAfter) throw lastOpened.errorAfter;
  const lastPlaintext = lastOpened.plaintext;

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
      await handle.close();
    },
  };
}

import type { FileHandle } from 'node:fs/promises';
import { AgeError } from './errors';
import { assertPlausibleStart, findHeaderEnd, MAX_HEADER_BYTES, parseHeader } from './header';
import { openHeader, type DecryptBy } from './header-keys';
import {
  ChunkOpener,
  derivePayloadKey,
  ENCRYPTED_CHUNK_SIZE,
  PAYLOAD_NONCE_LENGTH,
  payloadLayout,
  type PayloadLayout,
} from './stream';

/**
 * An age file on disk whose header is opened and whose final chunk is
 * authenticated, so its plaintext size is known to be real (neither
 * truncated nor extended). Random access and the sequential decrypting
 * worker read the chunks from here.
 */
export interface PayloadFile {
  readonly handle: FileHandle;
  /** Secret: the caller wipes it when done (`fill(0)`). */
  readonly payloadKey: Buffer;
  /** File offset of the first sealed chunk. */
  readonly payloadStart: number;
  readonly layout: PayloadLayout;
  /** Plaintext of the final chunk, already authenticated. */
  readonly lastPlaintext: Buffer;
}

export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Reads and opens the header of the age file behind `handle`; the handle stays the caller's. */
export async function openPayloadFile(handle: FileHandle, by: DecryptBy): Promise<PayloadFile> {
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
  try {
    const layout = payloadLayout(fileSize - payloadStart);
    const lastIndex = layout.chunkCount - 1;
    const lastSealed = await readAt(
      handle,
      payloadStart + lastIndex * ENCRYPTED_CHUNK_SIZE,
      layout.lastChunkSize,
    );
    const lastOpened = new ChunkOpener(payloadKey, lastIndex).openAtEnd(lastSealed);
    if (lastOpened.errorAfter) throw lastOpened.errorAfter;
    return { handle, payloadKey, payloadStart, layout, lastPlaintext: lastOpened.plaintext };
  } catch (error) {
    payloadKey.fill(0);
    throw error;
  }
}

import { AgeError } from './errors';
import {
  hkdfSha256,
  NONCE_LENGTH,
  openChaCha20Poly1305,
  sealChaCha20Poly1305,
  sealChaCha20Poly1305Parts,
  TAG_LENGTH,
} from './primitives';

/**
 * The STREAM payload: after the header, a 16-byte nonce, then the
 * plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under a
 * nonce made of its index and a flag marking the final chunk. Reordering,
 * dropping or appending chunks therefore fails authentication.
 */

export const PAYLOAD_NONCE_LENGTH = 16;
export const CHUNK_SIZE = 64 * 1024;
export const ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_LENGTH;
const LAST_CHUNK_FLAG = 0x01;
/** 2^48 chunks of 64 KiB is 16 EiB; far below where the 11-byte counter would wrap. */
const MAX_CHUNK_INDEX = 2 ** 48;

export function derivePayloadKey(fileKey: Buffer, payloadNonce: Buffer): Buffer {
  return hkdfSha256(fileKey, payloadNonce, 'payload');
}

export function chunkNonce(index: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(index) || index < 0 || index >= MAX_CHUNK_INDEX) {
    throw new RangeError('STREAM chunk index out of range');
  }
  const nonce = Buffer.alloc(NONCE_LENGTH);
  // 11-byte big-endian counter: the top five bytes stay zero below 2^48.
  nonce.writeUIntBE(index, NONCE_LENGTH - 7, 6);
  nonce[NONCE_LENGTH - 1] = last ? LAST_CHUNK_FLAG : 0;
  return nonce;
}

export function sealChunk(
  payloadKey: Buffer,
  index: number,
  plaintext: Uint8Array,
  last: boolean,
): Buffer {
  return sealChaCha20Poly1305(payloadKey, plaintext, chunkNonce(index, last));
}

export function openChunk(
  payloadKey: Buffer,
  index: number,
  sealed: Uint8Array,
  last: boolean,
): Buffer | undefined {
  return openChaCha20Poly1305(payloadKey, sealed, chunkNonce(index, last));
}

/** Encrypts chunk after chunk; the caller says which one is last. */
export class ChunkSealer {
  private nextIndex = 0;

  constructor(private readonly payloadKey: Buffer) {}

  seal(plaintext: Uint8Array, last: boolean): Buffer {
    return Buffer.concat(this.sealParts(plaintext, last));
  }

  /** The sealed chunk as ciphertext and tag, which follow each other in the file. */
  sealParts(plaintext: Uint8Array, last: boolean): [ciphertext: Buffer, tag: Buffer] {
    if (plaintext.length > CHUNK_SIZE) throw new RangeError('STREAM chunk too large');
    if (last && plaintext.length === 0 && this.nextIndex > 0) {
      throw new RangeError('only an empty payload may end with an empty chunk');
    }
    if (!last && plaintext.length !== CHUNK_SIZE)
      throw new RangeError('only the last chunk may be short');
    const index = this.nextIndex++;
    return sealChaCha20Poly1305Parts(this.payloadKey, plaintext, chunkNonce(index, last));
  }
}

export interface OpenedChunk {
  plaintext: Buffer;
  /**
   * Set when the plaintext is authentic but the stream is broken right
   * after it (trailing data or a missing final chunk): the plaintext may be
   * released before the error is raised, as the reference implementation does.
   */
  errorAfter?: AgeError;
}

/**
 * Decrypts chunk after chunk. The reader keeps one chunk of look-ahead and
 * tells which position each chunk has: followed by more input, or at its end.
 */
export class ChunkOpener {
  private nextIndex: number;
  private finished = false;

  /** `firstIndex` lets random access open a chunk in the middle of a file. */
  constructor(
    private readonly payloadKey: Buffer,
    firstIndex = 0,
  ) {
    this.nextIndex = firstIndex;
  }

  get chunksOpened(): number {
    return this.nextIndex;
  }

  /** A full-size encrypted chunk that more input follows. */
  openFollowed(sealed: Buffer): OpenedChunk {
    this.assertNotFinished();
    const index = this.nextIndex++;
    const plaintext = openChunk(this.payloadKey, index, sealed, false);
    if (plaintext !== undefined) return { plaintext };
    const asLast = openChunk(this.payloadKey, index, sealed, true);
    if (asLast !== undefined) {
      this.finished = true;
      return {
        plaintext: asLast,
        errorAfter: new AgeError('TRAILING_DATA', 'data after the final age payload chunk'),
      };
    }
    throw this.authenticationFailure(index);
  }

  /** The encrypted bytes left at the end of input (0 to a full chunk). */
  openAtEnd(sealed: Buffer): OpenedChunk {
    this.assertNotFinished();
    this.finished = true;
    const index = this.nextIndex++;
    if (sealed.length === 0) {
      throw new AgeError('TRUNCATED', 'age payload ends before its final chunk');
    }
    if (sealed.length < TAG_LENGTH) {
      throw new AgeError('TRUNCATED', 'age payload ends inside a chunk');
    }
    const plaintext = openChunk(this.payloadKey, index, sealed, true);
    if (plaintext !== undefined) {
      if (plaintext.length === 0 && index > 0) {
        throw new AgeError('PAYLOAD_AUTH', 'age payload ends with an empty chunk after data');
      }
      return { plaintext };
    }
    if (sealed.length === ENCRYPTED_CHUNK_SIZE) {
      const notLast = openChunk(this.payloadKey, index, sealed, false);
      if (notLast !== undefined) {
        return {
          plaintext: notLast,
          errorAfter: new AgeError('TRUNCATED', 'age payload ends before its final chunk'),
        };
      }
    }
    throw this.authenticationFailure(index);
  }

  private authenticationFailure(index: number): AgeError {
    return new AgeError('PAYLOAD_AUTH', `age payload chunk ${index} failed authentication`);
  }

  private assertNotFinished(): void {
    if (this.finished) throw new Error('ChunkOpener used after the final chunk');
  }
}

export interface PayloadLayout {
  chunkCount: number;
  plaintextSize: number;
  /** Encrypted size of the final chunk (tag included). */
  lastChunkSize: number;
}

/** Derives the chunk layout from the payload length (after the nonce), for random access. */
export function payloadLayout(encryptedLength: number): PayloadLayout {
  if (encryptedLength < TAG_LENGTH) {
    throw new AgeError('TRUNCATED', 'age payload is shorter than one chunk');
  }
  const chunkCount = Math.max(1, Math.ceil(encryptedLength / ENCRYPTED_CHUNK_SIZE));
  const lastChunkSize = encryptedLength - (chunkCount - 1) * ENCRYPTED_CHUNK_SIZE;
  if (lastChunkSize < TAG_LENGTH) {
    throw new AgeError('TRUNCATED', 'age payload ends inside a chunk');
  }
  return { chunkCount, plaintextSize: encryptedLength - chunkCount * TAG_LENGTH, lastChunkSize };
}

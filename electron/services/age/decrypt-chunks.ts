import { AgeError } from './errors';
import { assertPlausibleStart, findHeaderEnd, MAX_HEADER_BYTES, parseHeader } from './header';
import { openHeader, type DecryptBy } from './header-keys';
import {
  ChunkOpener,
  derivePayloadKey,
  ENCRYPTED_CHUNK_SIZE,
  PAYLOAD_NONCE_LENGTH,
} from './stream';
import { releaseMemory } from './release-memory';

export interface DecryptChunksOptions {
  /**
   * The caller is done with each chunk once it asks for the next: its
   * memory is then handed back at once instead of at the next garbage
   * collection, so a gigabyte of dead plaintext never piles up and the next
   * chunks reuse warm memory. The caller must copy whatever it keeps.
   */
  releaseEachChunk?: boolean;
}

/**
 * Decrypts an age file from a byte stream, yielding authenticated
 * plaintext one chunk at a time. Nothing is yielded before the header MAC
 * is verified, and each chunk only once its tag is verified; an error is
 * thrown at the first broken chunk, after everything authentic before it.
 */
export async function* decryptChunks(
  source: AsyncIterable<Uint8Array>,
  by: DecryptBy,
  options: DecryptChunksOptions = {},
): AsyncGenerator<Buffer> {
  const release = options.releaseEachChunk === true;
  const iterator = source[Symbol.asyncIterator]();
  try {
    const { opener, rest } = await readHeader(iterator, by);
    const pending = Buffer.allocUnsafe(ENCRYPTED_CHUNK_SIZE);
    let pendingLength = 0;

    // A full chunk is opened only once more input is seen: only then is it known not to be the last.
    function* take(data: Buffer): Generator<Buffer> {
      let offset = 0;
      while (offset < data.length) {
        if (pendingLength === ENCRYPTED_CHUNK_SIZE) {
          yield* released(opener.openFollowed(pending), release);
          pendingLength = 0;
        }
        if (pendingLength === 0 && data.length - offset > ENCRYPTED_CHUNK_SIZE) {
          yield* released(
            opener.openFollowed(data.subarray(offset, offset + ENCRYPTED_CHUNK_SIZE)),
            release,
          );
          offset += ENCRYPTED_CHUNK_SIZE;
          continue;
        }
        const taken = Math.min(ENCRYPTED_CHUNK_SIZE - pendingLength, data.length - offset);
        data.copy(pending, pendingLength, offset, offset + taken);
        pendingLength += taken;
        offset += taken;
      }
    }

    yield* take(rest);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield* take(asBuffer(next.value));
    }
    yield* released(opener.openAtEnd(pending.subarray(0, pendingLength)), release);
  } finally {
    await iterator.return?.();
  }
}

function* released(
  opened: ReturnType<ChunkOpener['openAtEnd']>,
  release: boolean,
): Generator<Buffer> {
  const { plaintext } = opened;
  if (plaintext.length > 0) {
    yield plaintext;
    if (release) releaseMemory(plaintext);
  }
  if (opened.errorAfter) throw opened.errorAfter;
}

function asBuffer(input: Uint8Array): Buffer {
  return Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

interface OpenedHeader {
  opener: ChunkOpener;
  /** Payload bytes that arrived together with the header. */
  rest: Buffer;
}

async function readHeader(
  iterator: AsyncIterator<Uint8Array>,
  by: DecryptBy,
): Promise<OpenedHeader> {
  let buffered = Buffer.alloc(0);
  let headerEnd = -1;
  while (headerEnd < 0 || buffered.length < headerEnd + PAYLOAD_NONCE_LENGTH) {
    const next = await iterator.next();
    if (next.done) break;
    buffered = Buffer.concat([buffered, asBuffer(next.value)]);
    assertPlausibleStart(buffered);
    if (headerEnd < 0) {
      headerEnd = findHeaderEnd(buffered.subarray(0, MAX_HEADER_BYTES + 1));
      if (headerEnd < 0 && buffered.length > MAX_HEADER_BYTES) {
        throw new AgeError('MALFORMED_HEADER', 'age header exceeds the size limit');
      }
    }
  }
  if (buffered.length === 0) throw new AgeError('NOT_AGE', 'empty input is not an age file');
  if (headerEnd < 0) throw new AgeError('MALFORMED_HEADER', 'input ends inside the age header');
  const header = parseHeader(buffered.subarray(0, headerEnd));
  if (buffered.length < headerEnd + PAYLOAD_NONCE_LENGTH) {
    throw new AgeError('MALFORMED_HEADER', 'input ends before the payload nonce');
  }
  const fileKey = await openHeader(header, by);
  const payloadNonce = buffered.subarray(headerEnd, headerEnd + PAYLOAD_NONCE_LENGTH);
  const opener = new ChunkOpener(derivePayloadKey(fileKey, payloadNonce));
  fileKey.fill(0);
  return { opener, rest: buffered.subarray(headerEnd + PAYLOAD_NONCE_LENGTH) };
}

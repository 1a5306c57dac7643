import { randomBytes } from 'node:crypto';
import { sealHeader, type EncryptTo } from './header-keys';
import { CHUNK_SIZE, ChunkSealer, derivePayloadKey, PAYLOAD_NONCE_LENGTH } from './stream';

/**
 * Encrypts a byte stream into an age file, yielding the header and then the
 * sealed chunks, each as its ciphertext and then its tag (two buffers that
 * follow each other in the file: joining them would copy every byte once
 * more). Memory stays at one chunk whatever the input size. A chunk is
 * sealed only once it is known whether more input follows, so the final
 * chunk is flagged correctly even when it is full.
 */
export async function* encryptChunks(
  source: AsyncIterable<Uint8Array>,
  to: EncryptTo,
): AsyncGenerator<Buffer> {
  const { header, fileKey } = await sealHeader(to);
  const payloadNonce = randomBytes(PAYLOAD_NONCE_LENGTH);
  const sealer = new ChunkSealer(derivePayloadKey(fileKey, payloadNonce));
  fileKey.fill(0);
  yield Buffer.concat([header, payloadNonce]);

  const pending = Buffer.allocUnsafe(CHUNK_SIZE);
  let pendingLength = 0;
  for await (const input of source) {
    const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    let offset = 0;
    while (offset < data.length) {
      if (pendingLength === CHUNK_SIZE) {
        yield* sealer.sealParts(pending, false);
        pendingLength = 0;
      }
      if (pendingLength === 0 && data.length - offset > CHUNK_SIZE) {
        // A whole chunk with more bytes after it: seal it in place, no copy.
        yield* sealer.sealParts(data.subarray(offset, offset + CHUNK_SIZE), false);
        offset += CHUNK_SIZE;
        continue;
      }
      const taken = Math.min(CHUNK_SIZE - pendingLength, data.length - offset);
      data.copy(pending, pendingLength, offset, offset + taken);
      pendingLength += taken;
      offset += taken;
    }
  }
  yield* sealer.sealParts(pending.subarray(0, pendingLength), true);
}

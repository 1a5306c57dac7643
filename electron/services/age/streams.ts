import { Duplex } from 'node:stream';
import { decryptChunks } from './decrypt-chunks';
import { encryptChunks } from './encrypt-chunks';
import type { DecryptBy, EncryptTo } from './header-keys';

/**
 * Node stream forms of the chunk generators, for `pipeline()`. Duplex.from
 * pulls from the writable side only as the readable side is consumed, so
 * backpressure holds and memory stays at a few chunks.
 */

export function createEncryptStream(to: EncryptTo): Duplex {
  return Duplex.from((source: AsyncIterable<Uint8Array>) => encryptChunks(source, to));
}

/**
 * Plaintext comes out only after its chunk authenticated, but a consumer
 * must still discard everything if the stream errors: the file as a whole
 * is authentic only once the stream ends without error.
 */
export function createDecryptStream(by: DecryptBy): Duplex {
  return Duplex.from((source: AsyncIterable<Uint8Array>) => decryptChunks(source, by));
}

import { decryptChunks } from './decrypt-chunks';
import { encryptChunks } from './encrypt-chunks';
import type { DecryptBy, EncryptTo } from './header-keys';

/** Whole-buffer encryption, for small things such as the vault key file. */

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}

export function encrypt(plaintext: Uint8Array, to: EncryptTo): Promise<Buffer> {
  return collect(encryptChunks(once(plaintext), to));
}

/** Returns the plaintext only if the whole file authenticates; otherwise throws an AgeError. */
export function decrypt(ciphertext: Uint8Array, by: DecryptBy): Promise<Buffer> {
  return collect(decryptChunks(once(ciphertext), by));
}

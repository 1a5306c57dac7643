import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';

/** Thin wrappers over node:crypto so the format code reads like the spec. */

export const FILE_KEY_LENGTH = 16;
export const KEY_LENGTH = 32;
export const TAG_LENGTH = 16;
export const NONCE_LENGTH = 12;

const ZERO_NONCE = Buffer.alloc(NONCE_LENGTH);

export function hkdfSha256(
  inputKey: Uint8Array,
  salt: Uint8Array,
  info: string,
  length = KEY_LENGTH,
): Buffer {
  return Buffer.from(hkdfSync('sha256', inputKey, salt, info, length));
}

/** ChaCha20-Poly1305 without associated data; returns ciphertext || tag. */
export function sealChaCha20Poly1305(
  key: Uint8Array,
  plaintext: Uint8Array,
  nonce: Uint8Array = ZERO_NONCE,
): Buffer {
  return Buffer.concat(sealChaCha20Poly1305Parts(key, plaintext, nonce));
}

/**
 * The same as two buffers, ciphertext and tag, for a stream that writes
 * them one after the other: joining them would copy every byte once more.
 */
export function sealChaCha20Poly1305Parts(
  key: Uint8Array,
  plaintext: Uint8Array,
  nonce: Uint8Array = ZERO_NONCE,
): [ciphertext: Buffer, tag: Buffer] {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_LENGTH });
  const ciphertext = cipher.update(plaintext);
  cipher.final();
  return [ciphertext, cipher.getAuthTag()];
}

/** Opens ciphertext || tag; returns undefined when authentication fails. */
export function openChaCha20Poly1305(
  key: Uint8Array,
  sealed: Uint8Array,
  nonce: Uint8Array = ZERO_NONCE,
): Buffer | undefined {
  if (sealed.length < TAG_LENGTH) return undefined;
  const tagStart = sealed.length - TAG_LENGTH;
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAuthTag(sealed.subarray(tagStart));
  const plaintext = decipher.update(sealed.subarray(0, tagStart));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    return undefined;
  }
  return plaintext;
}

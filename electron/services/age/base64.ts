/**
 * The base64 of age headers: standard alphabet, no padding, and only the
 * canonical encoding of each byte string (unused low bits zero). Node's own
 * decoder silently accepts padding, whitespace and non-canonical tails, so
 * every decode is checked by re-encoding.
 */

const BASE64_CHARACTERS = /^[A-Za-z0-9+/]*$/;

export function encodeBase64NoPadding(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    .toString('base64')
    .replace(/=+$/, '');
}

/** Returns the bytes, or undefined if `text` is not canonical unpadded base64. */
export function decodeCanonicalBase64(text: string): Buffer | undefined {
  if (!BASE64_CHARACTERS.test(text) || text.length % 4 === 1) return undefined;
  const decoded = Buffer.from(text, 'base64');
  return encodeBase64NoPadding(decoded) === text ? decoded : undefined;
}

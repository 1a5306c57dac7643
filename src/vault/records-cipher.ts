/**
 * AES-256-GCM under the records key from the vault session, through WebCrypto.
 *
 * The key is imported non-extractable: once the base64 string from the vault
 * session is dropped, the raw key bytes exist only inside the browser's crypto
 * implementation, and a reload (lock) forgets them with the JS heap.
 *
 * Every seal draws a fresh random 96-bit IV. With random IVs the usual bound is
 * 2^32 seals per key before the collision risk matters; a field notebook writes
 * many orders of magnitude fewer records than that.
 *
 * The additional data binds a sealed box to where it is stored (for example
 * `incidents:<id>`), so a box copied onto another record does not open.
 */

/** Format version of a sealed box; bump it if the algorithm or layout ever changes. */
export const SEALED_BOX_VERSION = 1;

const IV_BYTES = 12;
const KEY_BYTES = 32;

/**
 * What is stored. IndexedDB keeps typed arrays as bytes (structured clone), so
 * there is no base64 overhead on disk. `ct` includes the 16-byte GCM tag.
 */
export interface SealedBox {
  v: typeof SEALED_BOX_VERSION;
  iv: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

export class RecordsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordsKeyError';
  }
}

/** A sealed box could not be opened: wrong key, wrong place (additional data), or damaged bytes. */
export class OpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenError';
  }
}

const textEncoder = new TextEncoder();

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    throw new RecordsKeyError('records key: not base64');
  }
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Imports the vault session's records key (base64 of 32 bytes) as a non-extractable AES-GCM key. */
export async function importRecordsKey(base64: string): Promise<CryptoKey> {
  const raw = decodeBase64(base64);
  try {
    if (raw.length !== KEY_BYTES) {
      throw new RecordsKeyError(`records key: ${raw.length} bytes, expected ${KEY_BYTES}`);
    }
    return await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, [
      'encrypt',
      'decrypt',
    ]);
  } finally {
    raw.fill(0); // the CryptoKey holds its own copy
  }
}

export function isSealedBox(value: unknown): value is SealedBox {
  if (typeof value !== 'object' || value === null) return false;
  const { v, iv, ct } = value as Record<string, unknown>;
  return (
    v === SEALED_BOX_VERSION &&
    iv instanceof Uint8Array &&
    iv.length === IV_BYTES &&
    ct instanceof Uint8Array
  );
}

export async function seal(
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  aad: string,
): Promise<SealedBox> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: textEncoder.encode(aad) },
    key,
    plaintext,
  );
  return { v: SEALED_BOX_VERSION, iv, ct: new Uint8Array(ciphertext) };
}

/** Returns the plaintext, or throws OpenError when the box does not open with this key and additional data. */
export async function open(
  key: CryptoKey,
  box: unknown,
  aad: string,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!isSealedBox(box)) throw new OpenError('not a sealed box');
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: box.iv, additionalData: textEncoder.encode(aad) },
      key,
      box.ct,
    );
    return new Uint8Array(plaintext);
  } catch {
    // WebCrypto reports every failure as an OperationError without detail.
    throw new OpenError('authentication failed (wrong key, moved or damaged)');
  }
}

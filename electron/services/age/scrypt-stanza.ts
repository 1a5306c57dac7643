import { randomBytes, scrypt } from 'node:crypto';
import { decodeCanonicalBase64, encodeBase64NoPadding } from './base64';
import { AgeError } from './errors';
import type { Stanza } from './header';
import {
  FILE_KEY_LENGTH,
  KEY_LENGTH,
  openChaCha20Poly1305,
  sealChaCha20Poly1305,
  TAG_LENGTH,
} from './primitives';

/** The passphrase stanza: `-> scrypt <salt> <log2 N>` + wrapped file key. */

export const SCRYPT_STANZA_TYPE = 'scrypt';
const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
const SALT_LENGTH = 16;
const SCRYPT_BLOCK_SIZE = 8;
const WRAPPED_KEY_LENGTH = FILE_KEY_LENGTH + TAG_LENGTH;
const DECIMAL_WITHOUT_LEADING_ZERO = /^[1-9][0-9]*$/;

/** What `age -p` writes; about a second of work on a laptop. */
export const DEFAULT_ENCRYPT_LOG_N = 18;
/** What we agree to compute when decrypting, as the reference tool does: 2^22 needs 4 GiB. */
export const DEFAULT_MAX_LOG_N = 22;
/** Node's scrypt cannot go beyond this with r = 8 within addressable memory. */
const HIGHEST_SUPPORTED_LOG_N = 30;

function deriveWrapKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const cost = 2 ** logN;
  // scrypt needs 128·r·N bytes; Node refuses anything above maxmem, 32 MiB by default.
  const maxmem = 128 * SCRYPT_BLOCK_SIZE * cost + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    // The UTF-8 bytes as typed, without Unicode normalisation: that is what age does.
    scrypt(
      Buffer.from(passphrase, 'utf8'),
      Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]),
      KEY_LENGTH,
      { N: cost, r: SCRYPT_BLOCK_SIZE, p: 1, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export function assertEncryptLogN(logN: number): void {
  if (!Number.isInteger(logN) || logN < 1 || logN > HIGHEST_SUPPORTED_LOG_N) {
    throw new RangeError(`scrypt logN must be an integer from 1 to ${HIGHEST_SUPPORTED_LOG_N}`);
  }
}

export async function wrapWithPassphrase(
  fileKey: Buffer,
  passphrase: string,
  logN: number = DEFAULT_ENCRYPT_LOG_N,
): Promise<Stanza> {
  if (passphrase.length === 0) throw new AgeError('INVALID_KEY', 'empty passphrase');
  assertEncryptLogN(logN);
  const salt = randomBytes(SALT_LENGTH);
  const wrapKey = await deriveWrapKey(passphrase, salt, logN);
  return {
    type: SCRYPT_STANZA_TYPE,
    args: [encodeBase64NoPadding(salt), String(logN)],
    body: sealChaCha20Poly1305(wrapKey, fileKey),
  };
}

interface ScryptStanzaFields {
  salt: Buffer;
  logN: number;
  wrappedKey: Buffer;
}

export function readScryptStanza(stanza: Stanza): ScryptStanzaFields {
  const [saltText, logNText, ...extra] = stanza.args;
  const salt = saltText === undefined ? undefined : decodeCanonicalBase64(saltText);
  if (salt === undefined || salt.length !== SALT_LENGTH || extra.length > 0) {
    throw new AgeError('MALFORMED_HEADER', 'malformed scrypt stanza arguments');
  }
  const logN = Number(logNText);
  if (logNText === undefined || !DECIMAL_WITHOUT_LEADING_ZERO.test(logNText) || logN > 64) {
    throw new AgeError('MALFORMED_HEADER', 'malformed scrypt work factor');
  }
  if (stanza.body.length !== WRAPPED_KEY_LENGTH) {
    throw new AgeError('MALFORMED_HEADER', 'malformed scrypt stanza body');
  }
  return { salt, logN, wrappedKey: stanza.body };
}

/** The file key, or undefined when the passphrase is wrong. Refuses excessive work before doing any. */
export async function unwrapWithPassphrase(
  stanza: Stanza,
  passphrase: string,
  maxLogN: number = DEFAULT_MAX_LOG_N,
): Promise<Buffer | undefined> {
  const { salt, logN, wrappedKey } = readScryptStanza(stanza);
  if (logN > Math.min(maxLogN, HIGHEST_SUPPORTED_LOG_N)) {
    throw new AgeError(
      'WORK_FACTOR_TOO_HIGH',
      `scrypt work factor 2^${logN} exceeds the allowed 2^${maxLogN}`,
    );
  }
  const wrapKey = await deriveWrapKey(passphrase, salt, logN);
  return openChaCha20Poly1305(wrapKey, wrappedKey);
}

/**
 * Why an age operation failed. The codes are stable so the UI can translate
 * them; the messages are English and meant for logs only.
 */
export type AgeErrorCode =
  /** The input does not start like an age v1 file (includes ASCII-armored files, which we do not read). */
  | 'NOT_AGE'
  /** An age file of a version other than v1. */
  | 'UNSUPPORTED_VERSION'
  /** The header (or a key string, or a stanza) breaks the format's grammar. */
  | 'MALFORMED_HEADER'
  /** None of the given identities can open any recipient stanza. */
  | 'NO_MATCH'
  /** The file is passphrase-encrypted and the passphrase is wrong. */
  | 'BAD_PASSPHRASE'
  /** The scrypt work factor exceeds what the caller allows; nothing was computed. */
  | 'WORK_FACTOR_TOO_HIGH'
  /** The file key opened but the header MAC does not match: the header was altered. */
  | 'HEADER_MAC'
  /** A payload chunk failed authentication: the payload was altered or reordered. */
  | 'PAYLOAD_AUTH'
  /** The payload ends before its final chunk. */
  | 'TRUNCATED'
  /** Bytes follow the final payload chunk. */
  | 'TRAILING_DATA'
  /** A recipient, identity or identity file given by the caller is not a valid X25519 key. */
  | 'INVALID_KEY';

export class AgeError extends Error {
  override readonly name = 'AgeError';

  constructor(
    readonly code: AgeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isAgeError(value: unknown, code?: AgeErrorCode): value is AgeError {
  return value instanceof AgeError && (code === undefined || value.code === code);
}

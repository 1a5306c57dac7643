import { createHmac, hkdfSync } from 'node:crypto';
import { join } from 'node:path';
import { SHA256_HEX } from '../../../src/domain/evidence';

/**
 * Where the store keeps what, inside the evidence folder of the data folder:
 *
 *   <name>.age               committed: its record is in the database
 *   incoming/<name>.age      attached, record not yet written (reconcile decides)
 *   incoming/.depter-tmp-…   being written; never a valid file, removed at start
 *
 * `<name>` is the hex HMAC-SHA256 of the content's SHA-256 under a key derived
 * from the records key: the listing says how many files there are and how
 * large, but not whether a known file (a viral protest video) is among them.
 */

export const INCOMING_FOLDER_NAME = 'incoming';
export const TEMP_FILE_PREFIX = '.depter-tmp-';
export const STORED_FILE_SUFFIX = '.age';
/** HKDF info string; changing it renames every stored file, so it is versioned. */
export const NAMING_KEY_INFO = 'depter evidence file names v1';
export const NAMING_KEY_LENGTH = 32;

const STORED_FILE_NAME = /^[0-9a-f]{64}\.age$/;

export function deriveEvidenceNamingKey(recordsKey: Buffer): Buffer {
  if (recordsKey.length !== 32) throw new RangeError('the records key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', recordsKey, Buffer.alloc(0), NAMING_KEY_INFO, 32));
}

/** Programming errors, not user errors: the IPC contract already validated both. */
export function assertSha256(sha256: string): void {
  if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    throw new RangeError('sha256 must be 64 lowercase hex digits');
  }
}

export function assertNamingKey(namingKey: Buffer): void {
  if (!Buffer.isBuffer(namingKey) || namingKey.length !== NAMING_KEY_LENGTH) {
    throw new RangeError(`the naming key must be ${NAMING_KEY_LENGTH} bytes`);
  }
}

/** The file name (without folder) under which content with this SHA-256 is stored. */
export function storedFileName(namingKey: Buffer, sha256: string): string {
  assertNamingKey(namingKey);
  assertSha256(sha256);
  const name = createHmac('sha256', namingKey).update(Buffer.from(sha256, 'hex')).digest('hex');
  return `${name}${STORED_FILE_SUFFIX}`;
}

export function isStoredFileName(name: string): boolean {
  return STORED_FILE_NAME.test(name);
}

export function isTempFileName(name: string): boolean {
  return name.startsWith(TEMP_FILE_PREFIX);
}

export class EvidenceLayout {
  constructor(readonly root: string) {}

  get incoming(): string {
    return join(this.root, INCOMING_FOLDER_NAME);
  }

  committedPath(fileName: string): string {
    return join(this.root, fileName);
  }

  incomingPath(fileName: string): string {
    return join(this.incoming, fileName);
  }

  tempPath(random: string): string {
    return join(this.incoming, `${TEMP_FILE_PREFIX}${random}`);
  }
}

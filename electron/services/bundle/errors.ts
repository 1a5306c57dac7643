/**
 * Why reading or writing a bundle failed. Codes are stable: the UI translates
 * them, the CLI maps each failure class to its own exit code, and partners
 * script against both. Messages are English, for logs and the CLI, and never
 * quote record content.
 */

/** Structure errors of the tar stream inside the bundle. */
export type TarErrorCode =
  /** A header block's checksum does not match its bytes. */
  | 'TAR_BAD_CHECKSUM'
  /** A header is not ustar/GNU, or a numeric field or pax record is malformed. */
  | 'TAR_BAD_HEADER'
  /** A name with `..`, `.`, an empty part, a leading `/`, a backslash, a NUL, invalid UTF-8 or not NFC. */
  | 'TAR_UNSAFE_NAME'
  /** A safe name that no bundle may contain. */
  | 'TAR_NAME_NOT_ALLOWED'
  /** A hard or symbolic link. */
  | 'TAR_LINK'
  /** A character or block device, or a FIFO. */
  | 'TAR_SPECIAL_FILE'
  /** A directory entry that declares content. */
  | 'TAR_DIRECTORY_PAYLOAD'
  /** Any other entry type (sparse, GNU long names, global pax headers, …). */
  | 'TAR_UNSUPPORTED_ENTRY'
  /** The same file name twice. */
  | 'TAR_DUPLICATE'
  /** An entry declares more bytes than the stream holds. */
  | 'TAR_SIZE_BEYOND_DATA'
  /** The stream ends inside a header or before the end-of-archive blocks. */
  | 'TAR_TRUNCATED'
  /** The padding after an entry is not zeros. */
  | 'TAR_BAD_PADDING'
  /** Anything but zeros after the end-of-archive blocks. */
  | 'TAR_TRAILING_GARBAGE';

export type BundleErrorCode =
  | TarErrorCode
  /** The input is not an age file, or its payload does not start with a Depter manifest. */
  | 'NOT_A_BUNDLE'
  /** The manifest names a format version this reader does not know. */
  | 'UNSUPPORTED_VERSION'
  /** None of the given identities is a recipient of the bundle. */
  | 'NOT_ADDRESSED_TO_ME'
  /** The identity file given by the caller is not a valid age identity file. */
  | 'INVALID_IDENTITY'
  /** age authentication failed: the bundle was altered after it was encrypted. */
  | 'DAMAGED'
  /** The bundle ends before its last encrypted chunk (a cut download, a missing last volume). */
  | 'TRUNCATED'
  /** Bytes follow the end of the encrypted payload. */
  | 'TRAILING_DATA'
  /** The manifest is not valid JSON of the manifest schema, or not in canonical form. */
  | 'MANIFEST_INVALID'
  /** manifest.sig is missing, has the wrong length, or does not verify against the manifest. */
  | 'BAD_SIGNATURE'
  /** An entry's name is not in the manifest. */
  | 'ENTRY_UNLISTED'
  /** An entry of the manifest is missing from the tar (or comes out of order). */
  | 'ENTRY_MISSING'
  /** An entry's size differs from the manifest. */
  | 'ENTRY_SIZE_MISMATCH'
  /** An entry's SHA-256 differs from the manifest. */
  | 'ENTRY_HASH_MISMATCH'
  /** A JSONL file is not valid UTF-8. */
  | 'INVALID_UTF8'
  /** A JSONL line is not one JSON value. */
  | 'INVALID_JSON'
  /** A record breaks its schema, repeats an id, or contradicts the evidence files. */
  | 'RECORD_INVALID'
  /** The manifest's counts differ from the records. */
  | 'COUNT_MISMATCH'
  /** A volume is missing, repeated, not the first, or of an inconsistent size. */
  | 'VOLUME_INVALID'
  /** Export: a stored evidence file's content does not hash to its recorded SHA-256. */
  | 'EVIDENCE_HASH_MISMATCH'
  /** Export: a stored evidence file is not the size its record says. */
  | 'EVIDENCE_SIZE_MISMATCH'
  /** Export: the records given to the writer are not valid. */
  | 'INPUT_INVALID'
  /** Export: a file with the output name (or one of its volume names) already exists. */
  | 'OUTPUT_EXISTS';

/** Groups of codes that a caller handles alike; the CLI exits with one code per class. */
export type BundleFailureClass =
  | 'identity'
  | 'not-a-bundle'
  | 'not-addressed'
  | 'unsupported-version'
  | 'damaged'
  | 'signature'
  | 'contents'
  | 'records'
  | 'volumes'
  | 'export-input'
  | 'output';

const CLASS_OF: Record<BundleErrorCode, BundleFailureClass> = {
  INVALID_IDENTITY: 'identity',
  NOT_A_BUNDLE: 'not-a-bundle',
  NOT_ADDRESSED_TO_ME: 'not-addressed',
  UNSUPPORTED_VERSION: 'unsupported-version',
  DAMAGED: 'damaged',
  TRUNCATED: 'damaged',
  TRAILING_DATA: 'damaged',
  BAD_SIGNATURE: 'signature',
  MANIFEST_INVALID: 'contents',
  ENTRY_UNLISTED: 'contents',
  ENTRY_MISSING: 'contents',
  ENTRY_SIZE_MISMATCH: 'contents',
  ENTRY_HASH_MISMATCH: 'contents',
  TAR_BAD_CHECKSUM: 'contents',
  TAR_BAD_HEADER: 'contents',
  TAR_UNSAFE_NAME: 'contents',
  TAR_NAME_NOT_ALLOWED: 'contents',
  TAR_LINK: 'contents',
  TAR_SPECIAL_FILE: 'contents',
  TAR_DIRECTORY_PAYLOAD: 'contents',
  TAR_UNSUPPORTED_ENTRY: 'contents',
  TAR_DUPLICATE: 'contents',
  TAR_SIZE_BEYOND_DATA: 'contents',
  TAR_TRUNCATED: 'contents',
  TAR_BAD_PADDING: 'contents',
  TAR_TRAILING_GARBAGE: 'contents',
  INVALID_UTF8: 'records',
  INVALID_JSON: 'records',
  RECORD_INVALID: 'records',
  COUNT_MISMATCH: 'records',
  VOLUME_INVALID: 'volumes',
  EVIDENCE_HASH_MISMATCH: 'export-input',
  EVIDENCE_SIZE_MISMATCH: 'export-input',
  INPUT_INVALID: 'export-input',
  OUTPUT_EXISTS: 'output',
};

export class BundleError extends Error {
  override readonly name = 'BundleError';

  constructor(
    readonly code: BundleErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get failureClass(): BundleFailureClass {
    return CLASS_OF[this.code];
  }
}

export function isBundleError(value: unknown, code?: BundleErrorCode): value is BundleError {
  return value instanceof BundleError && (code === undefined || value.code === code);
}

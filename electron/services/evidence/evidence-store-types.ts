import type { EvidenceErrorCode } from '../../../src/domain/api';
import type { HashingDecryptor } from '../age/hashing-decryptor';

/**
 * The contract between main's glue (handlers, the evidence:// protocol) and
 * the evidence store. The store is plain Node (no Electron): it works on a
 * folder and is tested against real temporary files.
 */

/** The device keys the store needs; taken from the unlocked vault for each call, never kept. */
export interface EvidenceKeys {
  /** `age1…`: every stored file is encrypted to it. */
  ageRecipient: string;
  /** `AGE-SECRET-KEY-1…`: decrypts stored files. */
  ageIdentity: string;
  /**
   * 32 bytes. Stored file names are HMAC-SHA256(namingKey, …) of the content's
   * SHA-256, so the folder listing does not reveal which known files are here.
   */
  namingKey: Buffer;
}

export interface ByteProgress {
  bytesDone: number;
  bytesTotal: number;
}

export interface ProgressOptions {
  signal?: AbortSignal;
  /** Called at most every ~100 ms and once at the end. */
  onProgress?: (progress: ByteProgress) => void;
}

export interface StoredFileFacts {
  /** Lowercase hex SHA-256 of the plaintext. */
  sha256: string;
  size: number;
  /** Sniffed from the first bytes of the content; application/octet-stream when unknown. */
  mime: string;
  /** The source's modification time, ISO 8601 UTC ('' if unknown). */
  modifiedAt: string;
  /** The same content was already stored (committed or not): the new copy was dropped. */
  alreadyStored: boolean;
}

/** A failure the UI explains; anything else is a bug and surfaces as an error. */
export class EvidenceError extends Error {
  override readonly name = 'EvidenceError';
  constructor(
    readonly code: EvidenceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    // The code leads the message: Electron's IPC carries only the message.
    super(`${code}: ${message}`, options);
  }
}

export function isEvidenceError(error: unknown): error is EvidenceError {
  return error instanceof EvidenceError;
}

/** Plaintext bytes of a stored file, decrypting only the 64 KiB chunks a range needs. */
export interface EvidenceReader {
  readonly size: number;
  /** Sniffed from the decrypted first bytes. */
  readonly mime: string;
  /** Plaintext [start, end), clamped to size; rejects with EvidenceError DAMAGED on a bad chunk. */
  read(start: number, end: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** A stored file read front to back, decrypted and hashed by a `HashingDecryptor`'s worker. */
export interface EvidenceStream {
  readonly size: number;
  /**
   * The plaintext in blocks, each valid until the next is asked for; returns
   * the SHA-256 of all of it. Rejects with EvidenceError DAMAGED on a bad
   * chunk. Once only: the stream closes itself when this ends or stops.
   */
  blocks(): AsyncGenerator<Buffer, string, undefined>;
  /** For a stream whose blocks were never read; idempotent. */
  close(): Promise<void>;
}

export interface EvidenceStoreApi {
  /** Removes temporary files left by a crash or kill. Runs at start, before any attach. */
  removeLeftovers(): Promise<number>;
  /**
   * Streams `sourcePath` once: SHA-256 of the plaintext and age encryption in
   * the same pass into a temporary file; fsync; rename into the store as
   * uncommitted. Abort → EvidenceError CANCELLED and nothing left behind.
   */
  attach(
    sourcePath: string,
    keys: EvidenceKeys,
    options?: ProgressOptions,
  ): Promise<StoredFileFacts>;
  /**
   * Seals a plaintext stream (an evidence file from a bundle) into the store
   * as uncommitted under the name of `expected.sha256`, only if its bytes
   * have exactly that size and hash (else EvidenceError MISMATCH, nothing
   * stored). Content already stored is read through and dropped
   * (`alreadyStored`). Nothing plaintext is written to disk.
   */
  attachStream(
    body: AsyncIterable<Uint8Array>,
    expected: { sha256: string; size: number },
    keys: EvidenceKeys,
    options?: ProgressOptions,
  ): Promise<StoredFileFacts>;
  /** Marks a stored file permanent (its record is in the database). False if no such file. */
  commit(sha256: string, keys: EvidenceKeys): Promise<boolean>;
  /**
   * See the reconcileEvidence contract in src/domain/api.ts. Uncommitted
   * files that an attach or import of this session placed and has not yet
   * committed or discarded are left alone: their records may still be on
   * the way.
   */
  reconcile(
    keep: readonly string[],
    keys: EvidenceKeys,
  ): Promise<{ missing: string[]; removedUncommitted: number }>;
  /**
   * At a lock: forgets which uncommitted files this session's attaches and
   * imports were waiting to commit, so the reconcile after the next unlock
   * keeps those a record names and deletes the rest.
   */
  endSession(): void;
  /** EvidenceError MISSING or DAMAGED when it cannot be opened. */
  openReader(sha256: string, keys: EvidenceKeys): Promise<EvidenceReader>;
  /** EvidenceError MISSING or DAMAGED when it cannot be opened. */
  openStream(
    sha256: string,
    keys: EvidenceKeys,
    decryptor: HashingDecryptor,
  ): Promise<EvidenceStream>;
  /** Decrypts and re-hashes; resolves to null when fine, else MISSING, DAMAGED or MISMATCH. */
  verify(
    sha256: string,
    keys: EvidenceKeys,
    options?: ProgressOptions,
  ): Promise<'MISSING' | 'DAMAGED' | 'MISMATCH' | null>;
  /** Writes a decrypted copy to `targetPath` atomically, only if the SHA-256 matches. */
  saveCopy(
    sha256: string,
    keys: EvidenceKeys,
    targetPath: string,
    options?: ProgressOptions,
  ): Promise<void>;
  /** Deletes the stored file (committed or not). False if there was none. */
  discard(sha256: string, keys: EvidenceKeys): Promise<boolean>;
}

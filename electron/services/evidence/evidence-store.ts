import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decryptChunks, openRandomAccess } from '../age';
import type { HashingDecryptor } from '../age/hashing-decryptor';
import { openPayloadFile, type PayloadFile } from '../age/payload-file';
import { syncDirectory, temporaryPathBeside } from '../atomic-file';
import { fileBlockSource, runAttachPass } from './attach-pass';
import { attachStreamInto } from './attach-stream';
import { cancelled, damagedOr, errorCode, sourceFailure, writeFailure } from './evidence-errors';
import {
  assertNamingKey,
  EvidenceLayout,
  isStoredFileName,
  isTempFileName,
  storedFileName,
} from './evidence-layout';
import {
  EvidenceError,
  isEvidenceError,
  type EvidenceKeys,
  type EvidenceReader,
  type EvidenceStream,
  type EvidenceStoreApi,
  type ProgressOptions,
  type StoredFileFacts,
} from './evidence-store-types';
import { ProgressThrottle } from './progress-throttle';
import { SNIFF_LENGTH, sniffMediaType } from './sniff-media-type';

export interface EvidenceStoreOptions {
  /** The evidence folder (`<data folder>/evidence`); created on first attach. */
  directory: string;
  /**
   * Files at least this large are hashed and sealed in two worker threads;
   * smaller ones are not worth starting threads for.
   */
  workersFromBytes?: number;
  /**
   * Those threads write past the page cache where the file system allows
   * it (default true). The evidence bench turns it off to show what that
   * saves.
   */
  directWrites?: boolean;
}

const DEFAULT_WORKERS_FROM_BYTES = 8 * 1024 * 1024;
const COPY_WRITE_BYTES = 1024 * 1024;
/** Refuses FIFOs and devices at open without blocking on them (POSIX; 0 elsewhere). */
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;

export class EvidenceStore implements EvidenceStoreApi {
  private readonly layout: EvidenceLayout;
  private readonly workersFromBytes: number;
  private readonly directWrites: boolean;
  /**
   * Uncommitted files this session's attaches and imports placed in (or
   * found in) incoming/, by how many of them wait to commit each: the
   * reconcile after unlock must not take one of those for a crash's
   * leftover while its record is still on the way. Forgotten at a lock.
   */
  private readonly awaitingCommit = new Map<string, number>();

  constructor(options: EvidenceStoreOptions) {
    this.layout = new EvidenceLayout(options.directory);
    this.workersFromBytes = options.workersFromBytes ?? DEFAULT_WORKERS_FROM_BYTES;
    this.directWrites = options.directWrites ?? true;
  }

  async removeLeftovers(): Promise<number> {
    let removed = 0;
    for (const folder of [this.layout.root, this.layout.incoming]) {
      for (const name of await listFolder(folder)) {
        if (!isTempFileName(name)) continue;
        await unlink(join(folder, name)).catch(ignoreMissing);
        removed++;
      }
      if (removed > 0) await syncDirectory(folder).catch(ignoreMissing);
    }
    return removed;
  }

  async attach(
    sourcePath: string,
    keys: EvidenceKeys,
    options: ProgressOptions = {},
  ): Promise<StoredFileFacts> {
    assertNamingKey(keys.namingKey);
    if (options.signal?.aborted) throw cancelled();
    const source = await openRegularFile(sourcePath);
    let tempPath: string | undefined;
    let target: FileHandle | undefined;
    try {
      const facts = await source.stat();
      await mkdir(this.layout.incoming, { recursive: true, mode: 0o700 }).catch((error) => {
        throw writeFailure(error);
      });
      tempPath = this.layout.tempPath(randomBytes(12).toString('hex'));
      // 'wx' never follows or reuses an existing path; 0o600: only the user reads the store.
      target = await open(tempPath, 'wx', 0o600).catch((error) => {
        throw writeFailure(error);
      });
      const progress = new ProgressThrottle(options.onProgress, facts.size);
      const { size, head, sha256 } = await runAttachPass({
        source: fileBlockSource(source),
        target,
        recipient: keys.ageRecipient,
        threads: facts.size >= this.workersFromBytes ? 'workers' : 'inline',
        directWrites: this.directWrites,
        progress,
        signal: options.signal,
      });
      await target.close();
      target = undefined;

      const fileName = storedFileName(keys.namingKey, sha256);
      // Before the file can be seen in incoming/ under its name.
      this.holdForCommit(fileName);
      const alreadyStored = (await this.locate(fileName)) !== undefined;
      try {
        if (alreadyStored) {
          await unlink(tempPath);
        } else {
          await rename(tempPath, this.layout.incomingPath(fileName)).catch((error) => {
            throw writeFailure(error);
          });
        }
      } catch (error) {
        this.releaseHold(fileName);
        throw error;
      }
      tempPath = undefined;
      await syncDirectory(this.layout.incoming);
      progress.finish(size);
      return {
        sha256,
        size,
        mime: sniffMediaType(head, size <= head.length),
        modifiedAt: isoOrEmpty(facts.mtime),
        alreadyStored,
      };
    } catch (error) {
      await target?.close().catch(() => undefined);
      if (tempPath !== undefined) await unlink(tempPath).catch(() => undefined);
      throw isEvidenceError(error) || error instanceof RangeError ? error : writeFailure(error);
    } finally {
      await source.close().catch(() => undefined);
    }
  }

  attachStream(
    body: AsyncIterable<Uint8Array>,
    expected: { sha256: string; size: number },
    keys: EvidenceKeys,
    options: ProgressOptions = {},
  ): Promise<StoredFileFacts> {
    const target = {
      layout: this.layout,
      workersFromBytes: this.workersFromBytes,
      directWrites: this.directWrites,
      locate: (name: string) => this.locate(name),
      holdForCommit: (name: string) => {
        this.holdForCommit(name);
        return () => this.releaseHold(name);
      },
    };
    return attachStreamInto(target, body, expected, keys, options);
  }

  async commit(sha256: string, keys: EvidenceKeys): Promise<boolean> {
    const fileName = storedFileName(keys.namingKey, sha256);
    return this.commitFile(fileName);
  }

  async reconcile(
    keep: readonly string[],
    keys: EvidenceKeys,
  ): Promise<{ missing: string[]; removedUncommitted: number }> {
    const namesToKeep = new Set(keep.map((sha256) => storedFileName(keys.namingKey, sha256)));
    let removedUncommitted = 0;
    for (const name of await listFolder(this.layout.incoming)) {
      if (!isStoredFileName(name)) continue;
      if (namesToKeep.has(name)) {
        await this.commitFile(name);
      } else if (!this.awaitingCommit.has(name)) {
        await unlink(this.layout.incomingPath(name)).catch(ignoreMissing);
        removedUncommitted++;
      }
    }
    if (removedUncommitted > 0) await syncDirectory(this.layout.incoming);
    const committed = new Set(await listFolder(this.layout.root));
    const missing = [...new Set(keep)].filter(
      (sha256) => !committed.has(storedFileName(keys.namingKey, sha256)),
    );
    return { missing, removedUncommitted };
  }

  async openReader(sha256: string, keys: EvidenceKeys): Promise<EvidenceReader> {
    const path = await this.requirePath(storedFileName(keys.namingKey, sha256));
    const random = await openRandomAccess(path, { identities: [keys.ageIdentity] }).catch(
      (error: unknown) => {
        throw errorCode(error) === 'ENOENT' ? missing() : damagedOr(error);
      },
    );
    const read = (start: number, end: number): Promise<Buffer> =>
      random.read(start, end).catch((error: unknown) => {
        throw damagedOr(error);
      });
    try {
      const head = await read(0, SNIFF_LENGTH);
      return {
        size: random.size,
        mime: sniffMediaType(head, random.size <= head.length),
        read,
        close: () => random.close(),
      };
    } catch (error) {
      await random.close();
      throw error;
    }
  }

  async openStream(
    sha256: string,
    keys: EvidenceKeys,
    decryptor: HashingDecryptor,
  ): Promise<EvidenceStream> {
    const path = await this.requirePath(storedFileName(keys.namingKey, sha256));
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw errorCode(error) === 'ENOENT' ? missing() : error;
    });
    let file: PayloadFile;
    try {
      file = await openPayloadFile(handle, { identities: [keys.ageIdentity] });
    } catch (error) {
      await handle.close();
      throw damagedOr(error);
    }
    let closed: Promise<void> | undefined;
    const close = (): Promise<void> => {
      closed ??= (async () => {
        file.payloadKey.fill(0);
        file.lastPlaintext.fill(0);
        await handle.close();
      })();
      return closed;
    };
    return {
      size: file.layout.plaintextSize,
      async *blocks() {
        try {
          return yield* decryptor.decrypt(file);
        } catch (error) {
          throw damagedOr(error);
        } finally {
          await close();
        }
      },
      close,
    };
  }

  async verify(
    sha256: string,
    keys: EvidenceKeys,
    options: ProgressOptions = {},
  ): Promise<'MISSING' | 'DAMAGED' | 'MISMATCH' | null> {
    try {
      const actual = await this.decryptStored(sha256, keys, options, () => undefined);
      return actual === sha256 ? null : 'MISMATCH';
    } catch (error) {
      if (isEvidenceError(error) && (error.code === 'MISSING' || error.code === 'DAMAGED')) {
        return error.code;
      }
      throw error;
    }
  }

  async saveCopy(
    sha256: string,
    keys: EvidenceKeys,
    targetPath: string,
    options: ProgressOptions = {},
  ): Promise<void> {
    const path = await this.requirePath(storedFileName(keys.namingKey, sha256));
    const directory = dirname(targetPath);
    const tempPath = temporaryPathBeside(targetPath);
    let handle: FileHandle | undefined;
    try {
      handle = await open(tempPath, 'wx', 0o600).catch((error) => {
        throw writeFailure(error);
      });
      const output = handle;
      let batch: Buffer[] = [];
      let batchBytes = 0;
      const flush = async (): Promise<void> => {
        const buffers = batch;
        batch = [];
        batchBytes = 0;
        for (const buffer of buffers) await output.write(buffer).catch(rethrowAsWriteFailure);
      };
      const actual = await this.decryptStored(
        sha256,
        keys,
        options,
        async (plaintext) => {
          batch.push(plaintext);
          batchBytes += plaintext.length;
          if (batchBytes >= COPY_WRITE_BYTES) await flush();
        },
        path,
      );
      await flush();
      if (actual !== sha256) {
        throw new EvidenceError('MISMATCH', 'the stored file does not have the recorded SHA-256');
      }
      await handle.sync().catch(rethrowAsWriteFailure);
      await handle.close();
      handle = undefined;
      await rename(tempPath, targetPath).catch(rethrowAsWriteFailure);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await unlink(tempPath).catch(() => undefined);
      throw error;
    }
    await syncDirectory(directory).catch(rethrowAsWriteFailure);
  }

  async discard(sha256: string, keys: EvidenceKeys): Promise<boolean> {
    const fileName = storedFileName(keys.namingKey, sha256);
    this.awaitingCommit.delete(fileName);
    let deleted = false;
    for (const path of [this.layout.committedPath(fileName), this.layout.incomingPath(fileName)]) {
      try {
        await unlink(path);
        deleted = true;
        await syncDirectory(dirname(path));
      } catch (error) {
        ignoreMissing(error);
      }
    }
    return deleted;
  }

  /** The stored file's path, committed first; undefined when there is none. */
  private async locate(fileName: string): Promise<string | undefined> {
    for (const path of [this.layout.committedPath(fileName), this.layout.incomingPath(fileName)]) {
      if (await isFile(path)) return path;
    }
    return undefined;
  }

  private async requirePath(fileName: string): Promise<string> {
    const path = await this.locate(fileName);
    if (path === undefined) throw missing();
    return path;
  }

  endSession(): void {
    this.awaitingCommit.clear();
  }

  private holdForCommit(fileName: string): void {
    this.awaitingCommit.set(fileName, (this.awaitingCommit.get(fileName) ?? 0) + 1);
  }

  private releaseHold(fileName: string): void {
    const holders = (this.awaitingCommit.get(fileName) ?? 0) - 1;
    if (holders > 0) this.awaitingCommit.set(fileName, holders);
    else this.awaitingCommit.delete(fileName);
  }

  private async commitFile(fileName: string): Promise<boolean> {
    this.awaitingCommit.delete(fileName);
    const incoming = this.layout.incomingPath(fileName);
    const committed = this.layout.committedPath(fileName);
    try {
      await rename(incoming, committed);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw writeFailure(error);
      return isFile(committed);
    }
    await syncDirectory(this.layout.root);
    await syncDirectory(this.layout.incoming);
    return true;
  }

  /**
   * Decrypts the stored file from start to end, passing each authenticated
   * chunk to `consume`, and returns the plaintext's SHA-256.
   */
  private async decryptStored(
    sha256: string,
    keys: EvidenceKeys,
    { signal, onProgress }: ProgressOptions,
    consume: (plaintext: Buffer) => Promise<void> | void,
    knownPath?: string,
  ): Promise<string> {
    const path = knownPath ?? (await this.requirePath(storedFileName(keys.namingKey, sha256)));
    if (signal?.aborted) throw cancelled();
    const encryptedSize = await stat(path).then(
      (facts) => facts.size,
      () => {
        throw missing();
      },
    );
    const progress = new ProgressThrottle(onProgress, encryptedSize);
    const hash = createHash('sha256');
    let bytesRead = 0;
    const encrypted = createReadStream(path, { highWaterMark: COPY_WRITE_BYTES });
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of encrypted as AsyncIterable<Buffer>) {
        if (signal?.aborted) throw cancelled();
        bytesRead += chunk.length;
        progress.report(bytesRead);
        yield chunk;
      }
    }
    try {
      for await (const plaintext of decryptChunks(counted(), { identities: [keys.ageIdentity] })) {
        hash.update(plaintext);
        await consume(plaintext);
      }
    } catch (error) {
      throw errorCode(error) === 'ENOENT' ? missing() : damagedOr(error);
    } finally {
      encrypted.destroy();
    }
    progress.finish(bytesRead);
    return hash.digest('hex');
  }
}

/** Opens a regular file for reading; anything else (missing, folder, device, no permission) is refused. */
async function openRegularFile(path: string): Promise<FileHandle> {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
    throw new EvidenceError('SOURCE_UNREADABLE', 'no file path given');
  }
  try {
    // stat before open: opening a FIFO could block until someone writes to it.
    if (!(await stat(path)).isFile()) throw notRegular();
    const handle = await open(path, constants.O_RDONLY | NON_BLOCKING);
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw notRegular();
    }
    return handle;
  } catch (error) {
    throw sourceFailure(error);
  }
}

const notRegular = (): EvidenceError =>
  new EvidenceError('SOURCE_UNREADABLE', 'not a regular file');
const missing = (): EvidenceError =>
  new EvidenceError('MISSING', 'no stored file for this SHA-256');

function rethrowAsWriteFailure(error: unknown): never {
  throw writeFailure(error);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== 'ENOENT') throw error;
}

function isoOrEmpty(date: Date): string {
  return Number.isFinite(date.getTime()) ? date.toISOString() : '';
}

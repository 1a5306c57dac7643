import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { runAttachPass, type BlockSource } from './attach-pass';
import { syncDirectory } from '../atomic-file';
import { cancelled, writeFailure } from './evidence-errors';
import {
  assertNamingKey,
  assertSha256,
  storedFileName,
  type EvidenceLayout,
} from './evidence-layout';
import {
  EvidenceError,
  type EvidenceKeys,
  type ProgressOptions,
  type StoredFileFacts,
} from './evidence-store-types';
import { ProgressThrottle } from './progress-throttle';
import { SNIFF_LENGTH, sniffMediaType } from './sniff-media-type';

/** What the streamed content must be; it is stored under the name of this SHA-256 only if it is. */
export interface ExpectedContent {
  sha256: string;
  size: number;
}

export interface StreamTarget {
  layout: EvidenceLayout;
  /** From this size on the pass hashes and seals in worker threads. */
  workersFromBytes: number;
  /** Whether those threads may write past the page cache. */
  directWrites: boolean;
  /** The stored file's path (committed or not), or undefined. */
  locate(fileName: string): Promise<string | undefined>;
  /**
   * Protects `fileName` from the reconcile after unlock until it is
   * committed or discarded; the returned function undoes it (the attach failed).
   */
  holdForCommit(fileName: string): () => void;
}

/**
 * Seals a plaintext stream (an evidence file coming out of a bundle) into
 * the store as uncommitted, like attach does for a file on disk: age to the
 * device recipient into a temporary file, fsync, rename under the HMAC name,
 * fsync the folder. The plaintext only ever exists in memory. The name is
 * known in advance, so content already stored is read to its end (the
 * caller's stream must advance) and dropped; new content is renamed only
 * once its bytes hashed to `expected.sha256` at exactly `expected.size`.
 * On any failure the temporary file is removed and nothing is stored.
 */
export async function attachStreamInto(
  target: StreamTarget,
  body: AsyncIterable<Uint8Array>,
  expected: ExpectedContent,
  keys: EvidenceKeys,
  options: ProgressOptions = {},
): Promise<StoredFileFacts> {
  assertNamingKey(keys.namingKey);
  assertSha256(expected.sha256);
  if (!Number.isSafeInteger(expected.size) || expected.size < 0) {
    throw new RangeError('size must be a whole number of bytes');
  }
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  const fileName = storedFileName(keys.namingKey, expected.sha256);
  const progress = new ProgressThrottle(options.onProgress, expected.size);
  // Before the content can land in incoming/ (or be counted on there).
  const release = target.holdForCommit(fileName);
  try {
    return await storeStream(target, body, expected, fileName, keys.ageRecipient, {
      progress,
      signal,
    });
  } catch (error) {
    release();
    throw error;
  }
}

async function storeStream(
  target: StreamTarget,
  body: AsyncIterable<Uint8Array>,
  expected: ExpectedContent,
  fileName: string,
  recipient: string,
  { progress, signal }: { progress: ProgressThrottle; signal: AbortSignal | undefined },
): Promise<StoredFileFacts> {
  if ((await target.locate(fileName)) !== undefined) {
    const checked = new CheckedContent(expected);
    for await (const piece of body) {
      if (signal?.aborted) throw cancelled();
      checked.add(piece);
      progress.report(checked.bytes);
    }
    checked.assertComplete();
    progress.finish(checked.bytes);
    return checked.facts(true);
  }

  const { layout } = target;
  const source = new StreamBlockSource(body, expected.size);
  let tempPath: string | undefined;
  let handle: FileHandle | undefined;
  try {
    await mkdir(layout.incoming, { recursive: true, mode: 0o700 });
    tempPath = layout.tempPath(randomBytes(12).toString('hex'));
    // 'wx' never follows or reuses an existing path; 0o600: only the user reads the store.
    handle = await open(tempPath, 'wx', 0o600);
    // The same pass as attach: hashed and sealed in worker threads beside whatever produces
    // the stream (for a bundle, the decryption on this thread), and flushed to disk.
    const pass = await runAttachPass({
      source,
      target: handle,
      recipient,
      threads: expected.size >= target.workersFromBytes ? 'workers' : 'inline',
      directWrites: target.directWrites,
      progress,
      signal,
    });
    if (pass.size !== expected.size) {
      throw new EvidenceError('MISMATCH', 'the content is shorter than its declared size');
    }
    if (pass.sha256 !== expected.sha256) {
      throw new EvidenceError('MISMATCH', 'the content does not have the declared SHA-256');
    }
    await handle.close();
    handle = undefined;
    const facts = {
      sha256: expected.sha256,
      size: pass.size,
      mime: sniffMediaType(pass.head, pass.size <= pass.head.length),
      modifiedAt: '',
    };
    if ((await target.locate(fileName)) === undefined) {
      await rename(tempPath, layout.incomingPath(fileName));
      tempPath = undefined;
      await syncDirectory(layout.incoming);
      progress.finish(pass.size);
      return { ...facts, alreadyStored: false };
    }
    // Stored meanwhile by another attach of the same content: this copy is surplus.
    progress.finish(pass.size);
    return { ...facts, alreadyStored: true };
  } catch (error) {
    // The body's own failures (a damaged bundle, an abort) pass through as they are.
    if (source.failure) throw source.failure.error;
    throw isSystemError(error) ? writeFailure(error) : error;
  } finally {
    await source.close();
    await handle?.close().catch(() => undefined);
    if (tempPath !== undefined) await unlink(tempPath).catch(() => undefined);
  }
}

/**
 * A stream read as the attach pass reads a file: whole blocks, short only at
 * the end. More bytes than declared are refused as they arrive.
 */
class StreamBlockSource implements BlockSource {
  private readonly pieces: AsyncIterator<Uint8Array>;
  private pending: Uint8Array | undefined;
  private ended = false;
  private total = 0;
  /** What the producer threw: reported as it is, not as an unreadable source. */
  failure: { error: unknown } | undefined;

  constructor(
    body: AsyncIterable<Uint8Array>,
    private readonly declaredSize: number,
  ) {
    this.pieces = body[Symbol.asyncIterator]();
  }

  async readBlock(block: Buffer): Promise<number> {
    let filled = 0;
    while (filled < block.length) {
      if (!this.pending || this.pending.byteLength === 0) {
        if (this.ended) break;
        let next: IteratorResult<Uint8Array>;
        try {
          next = await this.pieces.next();
        } catch (error) {
          this.failure = { error };
          throw error;
        }
        if (next.done) {
          this.ended = true;
          break;
        }
        this.total += next.value.byteLength;
        if (this.total > this.declaredSize) {
          throw new EvidenceError('MISMATCH', 'the content is longer than its declared size');
        }
        this.pending = next.value;
      }
      const taken = Math.min(block.length - filled, this.pending.byteLength);
      block.set(this.pending.subarray(0, taken), filled);
      this.pending = this.pending.subarray(taken);
      filled += taken;
    }
    return filled;
  }

  /** Lets the producer go when the pass stopped before the end (its cleanup runs). */
  async close(): Promise<void> {
    if (!this.ended) await this.pieces.return?.().catch(() => undefined);
    this.ended = true;
  }
}

/** Size and SHA-256 of the bytes as they pass, and the first bytes for the media type. */
class CheckedContent {
  private readonly hash = createHash('sha256');
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  bytes = 0;

  constructor(private readonly expected: ExpectedContent) {}

  add(piece: Uint8Array): void {
    this.bytes += piece.byteLength;
    if (this.bytes > this.expected.size) {
      throw new EvidenceError('MISMATCH', 'the content is longer than its declared size');
    }
    this.hash.update(piece);
    if (this.headBytes < SNIFF_LENGTH) {
      const wanted = piece.subarray(0, SNIFF_LENGTH - this.headBytes);
      this.head.push(Buffer.from(wanted));
      this.headBytes += wanted.byteLength;
    }
  }

  assertComplete(): void {
    if (this.bytes !== this.expected.size) {
      throw new EvidenceError('MISMATCH', 'the content is shorter than its declared size');
    }
    if (this.hash.digest('hex') !== this.expected.sha256) {
      throw new EvidenceError('MISMATCH', 'the content does not have the declared SHA-256');
    }
  }

  facts(alreadyStored: boolean): StoredFileFacts {
    const head = Buffer.concat(this.head);
    return {
      sha256: this.expected.sha256,
      size: this.bytes,
      mime: sniffMediaType(head, this.bytes <= head.length),
      modifiedAt: '',
      alreadyStored,
    };
  }
}

/** A failed system call (it names one), as opposed to an error thrown by the stream's producer. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

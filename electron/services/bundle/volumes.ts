import { createHash, randomBytes, type Hash } from 'node:crypto';
import { lstat, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from '../atomic-file';
import { BundleError } from './errors';

/**
 * A bundle on disk: one file `NAME.depter`, or volumes `NAME.depter.001`,
 * `.002`, … whose concatenation (`cat NAME.depter.* > NAME.depter`) is that
 * file. Every volume but the last has exactly the chosen volume size.
 */

export const MAX_VOLUMES = 999;
const VOLUME_SUFFIX = /^(.*)\.(\d{3})$/;

export function volumePath(outputPath: string, index: number): string {
  return `${outputPath}.${String(index + 1).padStart(3, '0')}`;
}

/** Bytes gathered before one vectored write: few thread-pool round trips per MiB. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** Written data is flushed in the background this often, so the final fsync finds little left. */
const BACKGROUND_SYNC_BYTES = 64 * 1024 * 1024;

export interface VolumeWriterOptions {
  /** False when the caller hashes the bytes itself (the bundle sealer does, off the main thread). */
  hashOutput?: boolean;
  /**
   * Told the number of bytes each time a batch reached the file, in order:
   * a caller that hands over views of memory it reuses (the bundle sealer's
   * ring) learns when that memory is free again.
   */
  onWritten?: (bytes: number) => void;
}

/**
 * Writes the bundle bytes to temporary files beside the target, starting a
 * new volume every `volumeSize` bytes. Nothing has the final name until
 * `commit`, which flushes every file, renames them all and flushes the
 * directory; `discard` removes the temporary files.
 *
 * Chunks are gathered into batches of about 1 MiB, and one batch is being
 * written while the caller produces the next: the encryption does not wait
 * for the disk after every 64 KiB chunk, and memory stays at two batches.
 */
export class VolumeWriter {
  private readonly tempPaths: string[] = [];
  private handle: FileHandle | undefined;
  private inCurrent = 0;
  /** Absent when the caller hashes the bytes itself (the bundle sealer does, off the main thread). */
  private readonly hash: Hash | undefined;
  private total = 0;
  private readonly tempStem: string;
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private writing: Promise<void> | undefined;
  private syncing: Promise<void> | undefined;
  private unsynced = 0;
  private readonly onWritten: ((bytes: number) => void) | undefined;

  constructor(
    private readonly outputPath: string,
    private readonly volumeSize: number | undefined,
    { hashOutput = true, onWritten }: VolumeWriterOptions = {},
  ) {
    this.hash = hashOutput ? createHash('sha256') : undefined;
    this.onWritten = onWritten;
    if (volumeSize !== undefined && (!Number.isSafeInteger(volumeSize) || volumeSize < 1)) {
      throw new RangeError('volumeSize must be a positive whole number of bytes');
    }
    this.tempStem = join(
      dirname(outputPath),
      `.${basename(outputPath)}.${randomBytes(6).toString('hex')}`,
    );
  }

  /** Fails when the bundle or any of its volume names already exists: an old volume would join the new ones. */
  static async assertFree(outputPath: string): Promise<void> {
    const taken = await existingBundleFiles(outputPath);
    if (taken.length > 0) {
      throw new BundleError('OUTPUT_EXISTS', `${taken[0]} already exists`);
    }
  }

  get size(): number {
    return this.total;
  }

  /** Takes `chunk` without copying it: the caller must not reuse its memory until `onWritten` covered it. */
  async write(chunk: Buffer): Promise<void> {
    this.hash?.update(chunk);
    this.total += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.handle || (this.volumeSize !== undefined && this.inCurrent === this.volumeSize)) {
        await this.startVolume();
      }
      const room =
        this.volumeSize === undefined ? chunk.length - offset : this.volumeSize - this.inCurrent;
      const piece = chunk.subarray(offset, offset + Math.min(room, chunk.length - offset));
      this.batch.push(piece);
      this.batchBytes += piece.length;
      this.inCurrent += piece.length;
      offset += piece.length;
      if (this.batchBytes >= WRITE_BATCH_BYTES) await this.writeBatch();
    }
  }

  /**
   * Starts writing the gathered chunks once the previous batch is written
   * (so at most one is in flight, and a slow disk slows the caller instead
   * of letting batches pile up).
   */
  private async writeBatch(): Promise<void> {
    await this.writing;
    if (this.batchBytes === 0) return;
    const handle = this.handle!;
    const parts = this.batch;
    const bytes = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    this.writing = writeAllParts(handle, parts, bytes).then(() => {
      this.onWritten?.(bytes);
      this.syncNowAndThen(handle, bytes);
    });
    // Seen by whoever awaits `writing` next (write, closeCurrent or discard); never unhandled.
    this.writing.catch(() => undefined);
  }

  private syncNowAndThen(handle: FileHandle, bytes: number): void {
    this.unsynced += bytes;
    if (this.unsynced < BACKGROUND_SYNC_BYTES || this.syncing !== undefined) return;
    this.unsynced = 0;
    // A failure here shows again in the final fsync, which is the one that counts.
    this.syncing = handle
      .datasync()
      .catch(() => undefined)
      .finally(() => {
        this.syncing = undefined;
      });
  }

  private async startVolume(): Promise<void> {
    await this.closeCurrent();
    if (this.tempPaths.length === MAX_VOLUMES) {
      throw new RangeError(`more than ${MAX_VOLUMES} volumes: choose a larger volume size`);
    }
    const path = `${this.tempStem}.${this.tempPaths.length + 1}.tmp`;
    this.tempPaths.push(path);
    this.handle = await open(path, 'wx', 0o600);
    this.inCurrent = 0;
  }

  private async closeCurrent(): Promise<void> {
    if (!this.handle) return;
    await this.writeBatch();
    await this.writing;
    await this.syncing;
    const handle = this.handle;
    this.handle = undefined;
    this.unsynced = 0;
    await handle.sync();
    await handle.close();
  }

  /** Gives the files their final names; returns them and the SHA-256 of all bundle bytes ('' when not hashed here). */
  async commit(): Promise<{ paths: string[]; sha256: string }> {
    if (!this.handle) await this.startVolume();
    await this.closeCurrent();
    await VolumeWriter.assertFree(this.outputPath);
    const single = this.tempPaths.length === 1;
    const paths = this.tempPaths.map((_, index) =>
      single ? this.outputPath : volumePath(this.outputPath, index),
    );
    for (let index = 0; index < paths.length; index++) {
      await rename(this.tempPaths[index]!, paths[index]!);
    }
    this.tempPaths.length = 0;
    await syncDirectory(dirname(this.outputPath));
    return { paths, sha256: this.hash?.digest('hex') ?? '' };
  }

  async discard(): Promise<void> {
    await this.writing?.catch(() => undefined);
    await this.syncing;
    this.batch = [];
    this.batchBytes = 0;
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await Promise.all(this.tempPaths.map((path) => unlink(path).catch(() => undefined)));
    this.tempPaths.length = 0;
  }
}

/** One vectored write of `parts`; the rest again after a short write. */
async function writeAllParts(handle: FileHandle, parts: Buffer[], bytes: number): Promise<void> {
  const { bytesWritten } = await handle.writev(parts);
  if (bytesWritten === bytes) return;
  const rest = Buffer.concat(parts).subarray(bytesWritten);
  let written = 0;
  while (written < rest.length) {
    written += (await handle.write(rest, written, rest.length - written)).bytesWritten;
  }
}

async function existingBundleFiles(outputPath: string): Promise<string[]> {
  const found: string[] = [];
  if (await exists(outputPath)) found.push(outputPath);
  const base = basename(outputPath);
  let names: string[];
  try {
    names = await readdir(dirname(outputPath));
  } catch {
    return found;
  }
  for (const name of names.sort()) {
    const match = VOLUME_SUFFIX.exec(name);
    if (match && match[1] === base) found.push(join(dirname(outputPath), name));
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

export interface BundleVolumes {
  paths: string[];
  /** Total bytes of all volumes. */
  size: number;
}

/**
 * The files that make up a bundle, in order. `input` is the bundle file, its
 * first volume (the others are found beside it), or every volume (in any
 * order; they must be 001 to N with none missing). Volume sizes must be
 * consistent: every volume but the last the same size, the last no larger.
 */
export async function resolveVolumes(input: string | readonly string[]): Promise<BundleVolumes> {
  const given = typeof input === 'string' ? [input] : [...input];
  if (given.length === 0) throw new BundleError('VOLUME_INVALID', 'no bundle file given');
  let paths: string[];
  if (given.length === 1) {
    const match = VOLUME_SUFFIX.exec(given[0]!);
    if (!match) {
      paths = given;
    } else {
      if (match[2] !== '001') {
        throw new BundleError(
          'VOLUME_INVALID',
          `${basename(given[0]!)} is volume ${match[2]}; give the first volume (.001) or all of them`,
        );
      }
      paths = await siblingVolumes(match[1]!);
    }
  } else {
    paths = orderedVolumes(given);
  }
  const sizes: number[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (!info.isFile()) throw new BundleError('VOLUME_INVALID', `${basename(path)} is not a file`);
    sizes.push(info.size);
  }
  if (paths.length > 1) {
    const first = sizes[0]!;
    sizes.forEach((size, index) => {
      const last = index === sizes.length - 1;
      if ((!last && size !== first) || (last && (size > first || size === 0))) {
        throw new BundleError(
          'VOLUME_INVALID',
          `volume ${basename(paths[index]!)} has ${size} bytes; the volumes before it have ${first}`,
        );
      }
    });
  }
  return { paths, size: sizes.reduce((sum, size) => sum + size, 0) };
}

async function siblingVolumes(stem: string): Promise<string[]> {
  const base = basename(stem);
  const numbers: number[] = [];
  for (const name of await readdir(dirname(stem))) {
    const match = VOLUME_SUFFIX.exec(name);
    if (match && match[1] === base) numbers.push(Number(match[2]));
  }
  numbers.sort((a, b) => a - b);
  numbers.forEach((number, index) => {
    if (number !== index + 1) {
      throw new BundleError(
        'VOLUME_INVALID',
        `volume ${String(index + 1).padStart(3, '0')} is missing`,
      );
    }
  });
  return numbers.map((_, index) => volumePath(stem, index));
}

function orderedVolumes(given: string[]): string[] {
  const parsed = given.map((path) => {
    const match = VOLUME_SUFFIX.exec(path);
    if (!match) {
      throw new BundleError('VOLUME_INVALID', `${basename(path)} is not a volume name (NAME.001)`);
    }
    return { path, stem: match[1]!, number: Number(match[2]) };
  });
  if (new Set(parsed.map((volume) => volume.stem)).size !== 1) {
    throw new BundleError('VOLUME_INVALID', 'the volumes given belong to different bundles');
  }
  parsed.sort((a, b) => a.number - b.number);
  parsed.forEach((volume, index) => {
    if (volume.number !== index + 1) {
      throw new BundleError(
        'VOLUME_INVALID',
        volume.number === index
          ? `volume ${String(volume.number).padStart(3, '0')} given twice`
          : `volume ${String(index + 1).padStart(3, '0')} is missing`,
      );
    }
  });
  return parsed.map((volume) => volume.path);
}

/** Reads of 1 MiB: a 64 KiB read costs a thread-pool round trip per age chunk. */
const READ_BYTES = 1024 * 1024;

/**
 * The bytes of all volumes in order, 1 MiB at a time, read into two buffers
 * in turn: the next read runs while the caller works on the current chunk,
 * and a gigabyte read allocates nothing. A chunk is valid only until the
 * caller asks for the next one, whose read then reuses the older buffer;
 * the decryption copies what it keeps.
 */
export async function* readVolumes(
  paths: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafeSlow(READ_BYTES), Buffer.allocUnsafeSlow(READ_BYTES)];
  let turn = 0;
  for (const path of paths) {
    signal?.throwIfAborted();
    const handle = await open(path, 'r');
    let reading: Promise<number> = readAt(handle, buffers[turn]!, 0);
    try {
      for (let position = 0; ;) {
        const bytesRead = await reading;
        if (bytesRead === 0) break;
        const chunk = buffers[turn]!.subarray(0, bytesRead);
        position += bytesRead;
        turn ^= 1;
        reading = readAt(handle, buffers[turn]!, position);
        signal?.throwIfAborted();
        yield chunk;
      }
    } finally {
      // A read may still be running when the caller stops early: the handle outlives it.
      await reading.catch(() => undefined);
      await handle.close();
    }
  }
}

async function readAt(handle: FileHandle, buffer: Buffer, position: number): Promise<number> {
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
  return bytesRead;
}

import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { decryptChunks } from './decrypt-chunks';
import { encryptChunks } from './encrypt-chunks';
import type { DecryptBy, EncryptTo } from './header-keys';
import { syncDirectory, temporaryPathBeside } from '../atomic-file';

/**
 * File-to-file encryption and decryption that never leaves a half-written
 * target: output goes to a temporary file beside the target, is flushed to
 * disk, and is renamed over the target only when the whole input was
 * processed (and, when decrypting, authenticated). A failure or an abort
 * removes the temporary file.
 */

export interface FileProgress {
  /** Input bytes consumed so far. */
  bytesDone: number;
  /** Size of the input file. */
  bytesTotal: number;
}

export interface FileOperationOptions {
  onProgress?: (progress: FileProgress) => void;
  signal?: AbortSignal;
}

/** Large enough that reads and writes cost little next to the crypto, small enough to be no memory concern. */
const IO_BUFFER_SIZE = 1024 * 1024;

type ChunkTransform = (source: AsyncIterable<Uint8Array>) => AsyncIterable<Buffer>;

export function encryptFile(
  sourcePath: string,
  targetPath: string,
  to: EncryptTo,
  options: FileOperationOptions = {},
): Promise<void> {
  return transformFile(sourcePath, targetPath, (source) => encryptChunks(source, to), options);
}

export function decryptFile(
  sourcePath: string,
  targetPath: string,
  by: DecryptBy,
  options: FileOperationOptions = {},
): Promise<void> {
  return transformFile(sourcePath, targetPath, (source) => decryptChunks(source, by), options);
}

async function transformFile(
  sourcePath: string,
  targetPath: string,
  transform: ChunkTransform,
  { onProgress, signal }: FileOperationOptions,
): Promise<void> {
  signal?.throwIfAborted();
  const { size: bytesTotal } = await stat(sourcePath);
  const directory = dirname(targetPath);
  const tempPath = temporaryPathBeside(targetPath);
  let handle: FileHandle | undefined;
  try {
    // 'wx': never follow or reuse an existing path; 0o600: decrypted evidence is sensitive.
    handle = await open(tempPath, 'wx', 0o600);
    let bytesDone = 0;
    await pipeline(
      createReadStream(sourcePath, { highWaterMark: IO_BUFFER_SIZE }),
      async function* countProgress(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytesDone += chunk.length;
          onProgress?.({ bytesDone, bytesTotal });
          yield chunk;
        }
      },
      transform,
      // A native write stream with a bounded buffer: writes overlap with the
      // crypto of the next chunks, and backpressure holds memory near
      // IO_BUFFER_SIZE. `flush` fsyncs before the stream closes the handle.
      handle.createWriteStream({ highWaterMark: IO_BUFFER_SIZE, flush: true }),
      { signal },
    );
    handle = undefined;
    await rename(tempPath, targetPath);
  } catch (error) {
    // The write stream closes the handle itself when destroyed; this covers failures before it.
    await handle?.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

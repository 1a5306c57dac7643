import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file. Defaults to owner-only, because what
   * Depter writes (keys, records, exports) is sensitive.
   */
  mode?: number;
}

/**
 * Replaces `targetPath` with `data` so that a crash or power cut at any
 * moment leaves either the complete old file or the complete new one.
 *
 * The data goes to a temporary file in the same directory (a rename is only
 * atomic within one file system), is flushed to disk, and is then renamed
 * over the target; the directory is flushed so the rename itself survives a
 * power cut. On any failure the temporary file is removed and the old target
 * is left as it was.
 */
/**
 * A fresh hidden name in the target's own folder, so the final rename stays
 * on one file system (and is atomic) and a crash leaves only a dot file.
 */
export function temporaryPathBeside(targetPath: string): string {
  return join(
    dirname(targetPath),
    `.${basename(targetPath)}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

export async function writeFileAtomic(
  targetPath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const directory = dirname(targetPath);
  const tempPath = temporaryPathBeside(targetPath);
  let handle: FileHandle | undefined;
  try {
    // 'wx' refuses to follow or reuse an existing path, so a planted symlink
    // with the temp name cannot redirect the write.
    handle = await open(tempPath, 'wx', options.mode ?? 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tempPath, targetPath);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

/** Flushes a directory entry (a rename or unlink) to disk. */
export async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** How a string may sit in a file: Chromium's IndexedDB keeps V8-serialised strings as Latin-1 or UTF-16LE. */
export type TextEncoding = 'utf8' | 'utf16le' | 'latin1';

const ENCODINGS: readonly TextEncoding[] = ['utf8', 'utf16le', 'latin1'];

export interface DiskHit {
  marker: string;
  encoding: TextEncoding;
  /** Relative to the folder that was scanned. */
  file: string;
}

/** Every regular file under `root`, recursively (symlinks and sockets are skipped). */
export async function regularFilesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) found.push(...(await regularFilesUnder(path)));
    else if (entry.isFile()) found.push(path);
  }
  return found;
}

/** The byte patterns of `marker` in each encoding it can be written in. */
function patterns(marker: string): { encoding: TextEncoding; bytes: Buffer }[] {
  return ENCODINGS.filter(
    // Latin-1 cannot hold Cyrillic: Buffer would silently keep only the low byte of each letter.
    (encoding) => encoding !== 'latin1' || [...marker].every((char) => char.charCodeAt(0) < 256),
  ).map((encoding) => ({ encoding, bytes: Buffer.from(marker, encoding) }));
}

/**
 * Reads every file under each of `roots` as raw bytes and reports each place
 * where one of `markers` occurs in UTF-8, UTF-16LE or Latin-1. Files that
 * vanish or cannot be read while scanning are listed in `unreadable`, so a
 * scan that silently skipped a file cannot pass.
 */
export async function scanForMarkers(
  roots: readonly string[],
  markers: readonly string[],
): Promise<{ hits: DiskHit[]; filesScanned: number; bytesScanned: number; unreadable: string[] }> {
  const byMarker = markers.map((marker) => ({ marker, patterns: patterns(marker) }));
  const hits: DiskHit[] = [];
  const unreadable: string[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  for (const root of roots) {
    for (const path of await regularFilesUnder(root)) {
      let content: Buffer;
      try {
        if (!(await lstat(path)).isFile()) continue;
        content = await readFile(path);
      } catch {
        unreadable.push(path);
        continue;
      }
      filesScanned += 1;
      bytesScanned += content.length;
      for (const { marker, patterns: forms } of byMarker) {
        for (const { encoding, bytes } of forms) {
          if (content.includes(bytes)) hits.push({ marker, encoding, file: relative(root, path) });
        }
      }
    }
  }
  return { hits, filesScanned, bytesScanned, unreadable };
}

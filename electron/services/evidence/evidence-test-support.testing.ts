import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity } from '../age';
import { deriveEvidenceNamingKey, storedFileName } from './evidence-layout';
import type { EvidenceKeys } from './evidence-store-types';

/** Spec helpers: a fresh device key set, temporary folders, and where the store put a file. */

export function makeEvidenceKeys(): EvidenceKeys {
  const { identity, recipient } = generateX25519Identity();
  return {
    ageRecipient: recipient,
    ageIdentity: identity,
    namingKey: deriveEvidenceNamingKey(randomBytes(32)),
  };
}

export const sha256Of = (data: Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

export class TempFolders {
  private readonly made: string[] = [];

  async make(prefix = 'depter-evidence-'): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), prefix));
    this.made.push(folder);
    return folder;
  }

  async removeAll(): Promise<void> {
    await Promise.all(
      this.made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
    );
  }
}

export async function writeSource(folder: string, name: string, data: Uint8Array): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, data);
  return path;
}

export function committedPathOf(store: string, keys: EvidenceKeys, sha256: string): string {
  return join(store, storedFileName(keys.namingKey, sha256));
}

export function incomingPathOf(store: string, keys: EvidenceKeys, sha256: string): string {
  return join(store, 'incoming', storedFileName(keys.namingKey, sha256));
}

/** Every file under the store folder, as paths relative to it. */
export async function listStore(store: string): Promise<string[]> {
  try {
    const entries = await readdir(store, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(store.length + 1))
      .sort();
  } catch {
    return [];
  }
}

/** An MP4 `ftyp` box followed by random bytes: sniffed as video/mp4, content unpredictable. */
export function fakeMp4(size: number): Buffer {
  const data = randomBytes(size);
  const box = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
  box.copy(data, 0, 0, Math.min(box.length, size));
  return data;
}

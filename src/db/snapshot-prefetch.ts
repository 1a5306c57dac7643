import { requestResult } from './idb-request';
import { DATABASE_NAME } from './schema';
import { SNAPSHOT_TABLE } from './search-snapshot-store';

/**
 * The sealed rows of the stored search index snapshot, read straight from
 * IndexedDB while the unlock screen waits for key derivation (about 1–1.5 s
 * of scrypt in main, on the other core). They are ciphertext, the same bytes
 * that are on disk, so holding them before the key exists reveals nothing;
 * after unlock the snapshot store checks and opens them exactly as rows it
 * read itself. Any problem (no database yet, no such table, an upgrade
 * pending, a read error) resolves to null and the store reads as usual.
 */

export interface PrefetchOptions {
  indexedDB: IDBFactory;
  name?: string;
}

export async function prefetchSnapshotRows({
  indexedDB,
  name = DATABASE_NAME,
}: PrefetchOptions): Promise<unknown[] | null> {
  try {
    // Opening a database that does not exist would create an empty one.
    const existing = await indexedDB.databases();
    if (!existing.some((database) => database.name === name)) return null;
    const opening = indexedDB.open(name);
    // A first open of an unknown version would create stores: never ours to do.
    opening.onupgradeneeded = () => opening.transaction?.abort();
    const db = await requestResult(opening);
    // The repository may open with a newer schema right after: never hold it up.
    db.onversionchange = () => db.close();
    try {
      if (!db.objectStoreNames.contains(SNAPSHOT_TABLE)) return null;
      const read = db.transaction(SNAPSHOT_TABLE, 'readonly').objectStore(SNAPSHOT_TABLE).getAll();
      return await requestResult(read);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

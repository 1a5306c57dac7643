import Dexie, { type Table } from 'dexie';
import type { LegacyAuditEntry, StoredAuditEntry } from './audit-chain';
import type { Draft } from './repository-types';
import {
  DATABASE_NAME,
  SCHEMA_VERSIONS,
  type MetaRow,
  type SchemaVersion,
  type StoredConflict,
  type StoredContact,
  type StoredLineage,
  type StoredRecord,
} from './schema';

export type DepterDatabase = Dexie & {
  incidents: Table<StoredRecord, string>;
  actors: Table<StoredRecord, string>;
  evidence: Table<StoredRecord, string>;
  audit: Table<StoredAuditEntry | LegacyAuditEntry, number>;
  drafts: Table<Draft, string>;
  meta: Table<MetaRow, string>;
  contacts: Table<StoredContact, string>;
  conflicts: Table<StoredConflict, string>;
  lineage: Table<StoredLineage, string>;
};

export interface DatabaseOptions {
  name?: string;
  /** Another IndexedDB implementation (fake-indexeddb in tests); the browser's by default. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * Declares the database with the given schema versions (all of them unless a
 * test wants to recreate an old one). Dexie opens it on first use and runs the
 * upgrade functions of every version newer than what is on disk.
 */
export function createDatabase(
  options: DatabaseOptions = {},
  versions: readonly SchemaVersion[] = SCHEMA_VERSIONS,
): DepterDatabase {
  const db = new Dexie(options.name ?? DATABASE_NAME, {
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    // A power cut must not lose a committed edit: ask Chromium to flush to
    // disk before reporting the transaction complete.
    chromeTransactionDurability: 'strict',
  });
  for (const { version, stores, upgrade } of versions) {
    const declared = db.version(version).stores(stores);
    if (upgrade) declared.upgrade(upgrade);
  }
  return db as DepterDatabase;
}

import type { Transaction } from 'dexie';

/** The IndexedDB database name in the app. Tests pass their own. */
export const DATABASE_NAME = 'depter';

/**
 * How an incident or actor is stored: the sync fields in clear (they reveal
 * nothing about what happened) and the record body in `body`. Issue 3 seals
 * `body` with AES-GCM; nothing else in this envelope changes then.
 */
export interface StoredRecord {
  id: string;
  rev: number;
  /** ISO 8601 UTC. */
  updatedAt: string;
  /** The device id that wrote this revision. */
  updatedBy: string;
  /** This device's change counter when the revision was written. */
  changeSeq: number;
  /** A tombstone: the record was deleted and `body` is null. */
  deleted: boolean;
  body: unknown;
}

export type RecordTable = 'incidents' | 'actors' | 'evidence';

export interface MetaRow {
  key: MetaKey;
  value: unknown;
}

export type MetaKey =
  | 'deviceId'
  | 'changeSeq'
  | 'auditHead'
  /** A sealed known value: tells whether the records key given at open is the one these records were sealed with. */
  | 'keyCheck'
  /** Set while rows written in clear may remain; cleared when the re-seal pass has finished. */
  | 'resealPending'
  /** The verdict on the version 1–2 audit chain, taken just before it was re-sealed and re-chained. */
  | 'legacyAuditVerdict'
  /** Sealed: how this device presents itself in bundles (the sender name). */
  | 'exchangeProfile';

/** A contact (src/domain/contact.ts) at rest: everything but the id sealed in `payload`. */
export interface StoredContact {
  id: string;
  payload: unknown;
}

/**
 * A conflict waiting for the user: `key` is `<table>:<record id>`; the
 * sealed payload holds the incoming revision, its lineage and where it came from.
 */
export interface StoredConflict {
  key: string;
  table: RecordTable;
  recordId: string;
  /** ISO 8601 UTC: when the conflicting revision arrived. */
  receivedAt: string;
  payload: unknown;
}

/** A record's lineage at rest: `key` is `<table>:<record id>`, the hashes sealed in `payload`. */
export interface StoredLineage {
  key: string;
  payload: unknown;
}

/** The last audit entry as the repository wrote it, so a truncated log is noticed. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface SchemaVersion {
  version: number;
  /** Dexie store declarations: only tables added or changed in this version. */
  stores: Record<string, string | null>;
  /** Brings data written by the previous version up to this one. */
  upgrade?: (transaction: Transaction) => Promise<void>;
}

// Only fields that reveal nothing are indexed: ids, counters, timestamps.
// Booleans cannot be IndexedDB keys, so `deleted` is filtered, not indexed.
const RECORD_INDEXES = 'id, changeSeq, updatedAt';

/**
 * Version 1 rows had no `deleted` flag: a tombstone was a row whose body was
 * null. Version 2 makes it explicit so lists can skip tombstones without
 * looking inside the (later encrypted) body.
 */
async function backfillDeletedFlag(transaction: Transaction): Promise<void> {
  for (const table of ['incidents', 'actors'] as const) {
    await transaction
      .table<StoredRecord, string>(table)
      .toCollection()
      .modify((row) => {
        if (typeof row.deleted !== 'boolean') row.deleted = row.body === null;
      });
  }
}

/** Version 1 did not record the head of the audit chain; take it from the last entry. */
async function backfillAuditHead(transaction: Transaction): Promise<void> {
  const meta = transaction.table<MetaRow, string>('meta');
  if (await meta.get('auditHead')) return;
  const last = await transaction
    .table<{ seq: number; hash: string }, number>('audit')
    .toCollection()
    .last();
  if (last) {
    const head: AuditHead = { seq: last.seq, hash: last.hash };
    await meta.put({ key: 'auditHead', value: head });
  }
}

/**
 * Versions 1–2 stored bodies, drafts and audit payloads in clear. Version 3
 * seals them; the rows themselves can only be sealed once the records key is
 * known (after unlock), so the upgrade only leaves a marker, and the
 * repository's re-seal pass does the work and clears it.
 */
async function markForResealing(transaction: Transaction): Promise<void> {
  await transaction.table<MetaRow, string>('meta').put({ key: 'resealPending', value: true });
}

/** Every schema version, oldest first. Add new versions at the end; never edit a shipped one. */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      incidents: RECORD_INDEXES,
      actors: RECORD_INDEXES,
      audit: 'seq',
      meta: 'key',
    },
  },
  {
    version: 2,
    stores: { drafts: 'id' },
    upgrade: async (transaction) => {
      await backfillDeletedFlag(transaction);
      await backfillAuditHead(transaction);
    },
  },
  {
    version: 3,
    stores: {},
    upgrade: markForResealing,
  },
  {
    version: 4,
    stores: {
      // Evidence metadata: the same sealed envelope as incidents and actors.
      evidence: RECORD_INDEXES,
      // The search index as sealed chunks, so an unlock need not rebuild it.
      searchSnapshot: 'part',
    },
  },
  {
    version: 5,
    stores: {
      // Partners to exchange bundles with (issue 5); the row is sealed whole but for its id.
      contacts: 'id',
      // An incoming revision that conflicts with the local one, until the user resolves it.
      conflicts: 'key',
      // Per record, the revisions its current one descends from (src/domain/exchange.ts).
      lineage: 'key',
    },
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]?.version ?? 0;

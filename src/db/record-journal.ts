import {
  GENESIS_HASH,
  auditAad,
  chainAuditEntry,
  parseAuditHead,
  type AuditPayload,
  type StoredAuditEntry,
} from './audit-chain';
import type { DepterDatabase } from './database';
import type { RecordCodec } from './record-codec';
import type { AuditEntry } from './repository-types';
import type { RecordTable, StoredRecord } from './schema';

/**
 * The one way record revisions are stored (RecordStore's edits, an import, a
 * conflict's resolution): a fresh change sequence per row and an audit
 * entry chained onto the log, all in the caller's write transaction.
 */

/** A record revision ready to store: body and audit payload already sealed. */
export interface JournalWrite {
  table: RecordTable;
  action: AuditEntry['action'];
  row: Omit<StoredRecord, 'changeSeq'>;
  /** The sealed AuditPayload (sealAuditPayload). */
  auditPayload: unknown;
}

/** Seals what the audit entry says about a revision; call before the write transaction. */
export function sealAuditPayload(
  codec: RecordCodec,
  target: { table: RecordTable; recordId: string; rev: number; action: AuditEntry['action'] },
  payload: AuditPayload,
): Promise<unknown> {
  return codec.seal(payload, auditAad(target));
}

/** Writes chained and stored between two awaits of IndexedDB. */
const JOURNAL_SLICE = 1000;

/** A stored row with the change sequence the journal gave it. */
export type JournalRow = StoredRecord;

/**
 * Stores `writes` in order; call inside a read-write transaction over the
 * written tables, `audit` and `meta`, with nothing awaited but IndexedDB.
 * Every row gets the next change sequence and an audit entry chained onto
 * the log. `at` is the audit time of a write that does not give its own.
 * With `addOnly`, a row whose id exists fails the transaction (a new
 * record must never replace one) instead of replacing it.
 * Returns the stored rows per table, for the change feed after commit.
 */
export async function appendToJournal(
  db: DepterDatabase,
  deviceId: string,
  writes: readonly (JournalWrite & { at?: string })[],
  at: string,
  { addOnly = false }: { addOnly?: boolean } = {},
): Promise<Map<RecordTable, JournalRow[]>> {
  const written = new Map<RecordTable, JournalRow[]>();
  if (writes.length === 0) return written;
  const counter = await db.meta.get('changeSeq');
  let changeSeq = typeof counter?.value === 'number' ? counter.value : 0;
  // Continue from the recorded head, not from whatever the last entry is,
  // so entries removed from the end stay visible as a gap.
  let head = parseAuditHead((await db.meta.get('auditHead'))?.value);
  if (!head) {
    const last = await db.audit.toCollection().last();
    head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }
  // Chained and stored a slice at a time, awaiting IndexedDB between slices
  // (which keeps the transaction open): hashing and cloning 10,000 entries
  // in one go held the event loop for about 250 ms.
  for (let start = 0; start < writes.length; start += JOURNAL_SLICE) {
    const entries: StoredAuditEntry[] = [];
    const sliceRows = new Map<RecordTable, JournalRow[]>();
    for (const write of writes.slice(start, start + JOURNAL_SLICE)) {
      changeSeq += 1;
      const entry = chainAuditEntry({
        seq: head.seq + 1,
        at: write.at ?? at,
        device: deviceId,
        action: write.action,
        table: write.table,
        recordId: write.row.id,
        rev: write.row.rev,
        payload: write.auditPayload,
        prevHash: head.hash,
      });
      head = { seq: entry.seq, hash: entry.hash };
      entries.push(entry);
      const row = { ...write.row, changeSeq };
      for (const byTable of [sliceRows, written]) {
        const rows = byTable.get(write.table) ?? [];
        rows.push(row);
        byTable.set(write.table, rows);
      }
    }
    for (const [table, rows] of sliceRows) {
      if (addOnly) await db[table].bulkAdd(rows);
      else await db[table].bulkPut(rows);
    }
    await db.audit.bulkAdd(entries);
  }
  await db.meta.bulkPut([
    { key: 'changeSeq', value: changeSeq },
    { key: 'auditHead', value: head },
  ]);
  return written;
}

/** True when two stored values (sealed boxes, bytes, plain values) are alike, to notice a row rewritten meanwhile. */
export function sameStoredValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof ArrayBuffer && b instanceof ArrayBuffer) {
    return sameStoredValue(new Uint8Array(a), new Uint8Array(b));
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const left = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const right = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    if (left.length !== right.length) return false;
    // A plain loop: an import compares every sealed row it read, and
    // `every` with a callback per byte took three times as long.
    for (let index = 0; index < left.length; index++) {
      if (left[index] !== right[index]) return false;
    }
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameStoredValue(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => key in b && sameStoredValue(a[key], b[key]))
    );
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

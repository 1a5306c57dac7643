import type { ExchangeTable } from '../domain/exchange';
import { recordHash, type HashedRecord } from './audit-chain';
import { openConflict, type ConflictPayload } from './conflict-rows';
import type { DepterDatabase } from './database';
import { lineageKey, openLineage } from './lineage-store';
import type { KnownRevision, LocalSide } from './merge-decision';
import { recordAad, type RecordCodec } from './record-codec';
import { sameStoredValue } from './record-journal';
import { rowsByKey } from './rows-by-key';
import type { StoredConflict, StoredLineage, StoredRecord } from './schema';

/**
 * What this device holds about records a merge or a resolution is about to
 * touch: the rows, read together in one transaction, then opened outside it
 * (see RecordCodec), and checked again inside the write transaction.
 */

export interface RecordTarget {
  table: ExchangeTable;
  id: string;
}

export interface LocalRows {
  record: StoredRecord | undefined;
  lineage: StoredLineage | undefined;
  conflict: StoredConflict | undefined;
}

export interface LocalState {
  rows: LocalRows;
  side: LocalSide;
  /** The local revision as hashed; absent when there is none or it does not open. */
  revision: HashedRecord | undefined;
  lineage: Set<string>;
  conflict: { payload: ConflictPayload; known: KnownRevision } | undefined;
}

export function targetKey(target: RecordTarget): string {
  return lineageKey(target.table, target.id);
}

/** The tables a read or write of these rows needs. */
export function localTables(db: DepterDatabase) {
  return [db.incidents, db.actors, db.evidence, db.lineage, db.conflicts];
}

/** Reads the rows of every target; call inside a transaction over localTables. */
export async function readLocalRows(
  db: DepterDatabase,
  targets: readonly RecordTarget[],
): Promise<Map<string, LocalRows>> {
  const keys = targets.map(targetKey);
  const [lineages, conflicts] = await Promise.all([
    rowsByKey(db.lineage, keys),
    rowsByKey(db.conflicts, keys),
  ]);
  const records = new Map<string, StoredRecord | undefined>();
  for (const table of ['incidents', 'actors', 'evidence'] as const) {
    const ids = targets.filter((target) => target.table === table).map((target) => target.id);
    if (ids.length === 0) continue;
    const rows = await rowsByKey(db[table], ids);
    ids.forEach((id, index) => records.set(lineageKey(table, id), rows[index]));
  }
  const result = new Map<string, LocalRows>();
  keys.forEach((key, index) => {
    result.set(key, {
      record: records.get(key),
      lineage: lineages[index],
      conflict: conflicts[index],
    });
  });
  return result;
}

/** True when every row is still as `before` (inside the write transaction, before writing). */
export async function localRowsUnchanged(
  db: DepterDatabase,
  targets: readonly RecordTarget[],
  before: ReadonlyMap<string, LocalRows>,
): Promise<boolean> {
  const now = await readLocalRows(db, targets);
  for (const [key, rows] of now) {
    const earlier = before.get(key);
    if (!earlier) return false;
    if (!sameStoredValue(rows.record, earlier.record)) return false;
    if (!sameStoredValue(rows.lineage, earlier.lineage)) return false;
    if (!sameStoredValue(rows.conflict, earlier.conflict)) return false;
  }
  return true;
}

function warn(what: string, error: unknown): void {
  console.warn(`${what} cannot be opened and is ignored`, error);
}

/** Opens the rows of one target (outside any transaction). */
export async function openLocalState(
  codec: RecordCodec,
  target: RecordTarget,
  rows: LocalRows,
): Promise<LocalState> {
  const key = targetKey(target);
  let lineage = new Set<string>();
  if (rows.lineage) {
    try {
      lineage = new Set(await openLineage(codec, rows.lineage));
    } catch (error) {
      // An unknown lineage only makes more revisions look concurrent: a
      // conflict for the user to settle, never a silent overwrite.
      warn(`lineage ${key}`, error);
    }
  }
  let conflict: LocalState['conflict'];
  if (rows.conflict) {
    try {
      const payload = await openConflict(codec, rows.conflict);
      conflict = {
        payload,
        known: { hash: recordHash(payload.revision), lineage: new Set(payload.lineage) },
      };
    } catch (error) {
      warn(`conflict ${key}`, error);
    }
  }
  const row = rows.record;
  if (!row) return { rows, side: 'absent', revision: undefined, lineage, conflict };
  let body: unknown = null;
  if (row.deleted !== true) {
    try {
      body = await codec.open(row.body, recordAad(target.table, target.id));
    } catch {
      return { rows, side: 'unreadable', revision: undefined, lineage, conflict };
    }
  }
  const revision: HashedRecord = {
    id: row.id,
    rev: row.rev,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
    deleted: row.deleted === true,
    body,
  };
  return { rows, side: { hash: recordHash(revision), lineage }, revision, lineage, conflict };
}

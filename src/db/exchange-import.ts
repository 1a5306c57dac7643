import type { ExchangeTable, ImportReport } from '../domain/exchange';
import { changedFields, type HashedRecord } from './audit-chain';
import type { ConflictPayload } from './conflict-rows';
import { sealConflict } from './conflict-rows';
import { readIncomingBundle, type IncomingBundle, type IncomingRevision } from './incoming-bundle';
import { sealLineage, unionOfLineages } from './lineage-store';
import {
  localRowsUnchanged,
  localTables,
  openLocalState,
  readLocalRows,
  targetKey,
  type LocalRows,
  type LocalState,
} from './local-revisions';
import { decideConflictStep, decideMerge, settlesConflict } from './merge-decision';
import { recordAad } from './record-codec';
import { appendToJournal, sealAuditPayload, type JournalWrite } from './record-journal';
import { mapInChunks, type StoreContext } from './record-store';
import type { AuditEntry } from './repository-types';
import type { StoredConflict, StoredLineage } from './schema';

export type { IncomingBundle } from './incoming-bundle';

export interface ImportOutcome {
  report: ImportReport;
  /** Staged files the database now names: pass to finishBundleImport({ commit }). */
  commitFiles: string[];
}

export interface ExchangeImportRecords {
  /**
   * Merges a bundle's records by lineage (src/domain/exchange.ts) in one
   * transaction. Throws, having written nothing, when a line breaks its
   * schema (IncomingBundleError) or the database refuses the write.
   */
  importBundle(bundle: IncomingBundle): Promise<ImportOutcome>;
}

/** The rows read changed before the write transaction began: read and decide again. */
class ConcurrentChange extends Error {}

const MAX_ATTEMPTS = 3;

interface ImportPlan {
  writes: JournalWrite[];
  lineages: StoredLineage[];
  conflictsToPut: StoredConflict[];
  conflictsToDelete: string[];
  /** Records whose conflict row changed but not the record: the conflicts list follows the feed too. */
  touched: Map<ExchangeTable, Set<string>>;
  outcome: ImportOutcome;
}

/** What one incoming record adds to the write transaction. */
interface PlannedStep {
  write?: JournalWrite;
  lineageRow?: StoredLineage;
  conflictToPut?: StoredConflict;
  conflictToDelete?: string;
}

/**
 * Records opened or sealed at once. Each chunk's encoding and WebCrypto
 * calls run in one turn of the event loop: 2,048 records (three seals each)
 * held it for 200-300 ms; 256 keep it near 30 ms and WebCrypto still busy.
 */
const SEAL_CHUNK = 256;

function emptyReport(bundleId: string): ImportReport {
  const counts = { added: 0, updated: 0, unchanged: 0, conflicts: 0 };
  return {
    bundleId,
    incidents: { ...counts },
    actors: { ...counts },
    evidence: { records: 0, filesAdded: 0, conflicts: 0 },
  };
}

function count(
  report: ImportReport,
  table: ExchangeTable,
  outcome: 'added' | 'updated' | 'unchanged' | 'conflict',
): void {
  if (table === 'evidence') {
    if (outcome === 'added' || outcome === 'updated') report.evidence.records += 1;
    if (outcome === 'conflict') report.evidence.conflicts += 1;
    return;
  }
  const counts = report[table];
  if (outcome === 'conflict') counts.conflicts += 1;
  else counts[outcome] += 1;
}

function auditAction(local: LocalState, incoming: HashedRecord): AuditEntry['action'] {
  if (incoming.deleted) return 'delete';
  return local.rows.record === undefined ? 'create' : 'update';
}

function now(): string {
  return new Date().toISOString();
}

export function createExchangeImport(context: StoreContext): ExchangeImportRecords {
  const { db, codec, deviceId } = context;
  // Two imports in this window must not decide on the same rows at once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function sealRevisionWrite(
    incoming: IncomingRevision,
    local: LocalState,
  ): Promise<JournalWrite> {
    const { revision, table } = incoming;
    const action = auditAction(local, revision);
    const changed =
      action === 'update' ? changedFields(local.revision?.body ?? undefined, revision.body) : [];
    const [storedBody, auditPayload] = await Promise.all([
      revision.body === null
        ? Promise.resolve(null)
        : codec.seal(revision.body, recordAad(table, revision.id)),
      sealAuditPayload(
        codec,
        { table, recordId: revision.id, rev: revision.rev, action },
        { recordHash: incoming.hash, changed },
      ),
    ]);
    return { table, action, row: { ...revision, body: storedBody }, auditPayload };
  }

  async function plan(
    header: Awaited<ReturnType<typeof readIncomingBundle>>['header'],
    revisions: readonly IncomingRevision[],
    locals: readonly LocalState[],
    receivedAt: string,
  ): Promise<ImportPlan> {
    const report = emptyReport(header.bundleId);
    const staged = new Set(header.stagedFiles);
    const commitFiles = new Set<string>();
    const result: ImportPlan = {
      writes: [],
      lineages: [],
      conflictsToPut: [],
      conflictsToDelete: [],
      touched: new Map(),
      outcome: { report, commitFiles: [] },
    };
    const touch = (table: ExchangeTable, id: string) => {
      const ids = result.touched.get(table) ?? new Set<string>();
      ids.add(id);
      result.touched.set(table, ids);
    };
    const namesStagedFile = (incoming: IncomingRevision) =>
      incoming.sha256 !== undefined && staged.has(incoming.sha256);

    // In chunks, as RecordStore opens rows: 10,000 records must not queue
    // 20,000 WebCrypto calls at once. Results keep the bundle's order, so
    // the audit log lists the records as the bundle did.
    const steps = await mapInChunks(
      revisions.map((incoming, index) => ({ incoming, local: locals[index] as LocalState })),
      SEAL_CHUNK,
      async ({ incoming, local }): Promise<PlannedStep> => {
        const key = targetKey({ table: incoming.table, id: incoming.revision.id });
        const decision = decideMerge(local.side, incoming);
        if (decision === 'added' || decision === 'updated') {
          const lineage = unionOfLineages(local.lineage, incoming.lineage, [incoming.hash]);
          const [write, lineageRow] = await Promise.all([
            sealRevisionWrite(incoming, local),
            sealLineage(codec, key, lineage),
          ]);
          const conflict = local.conflict;
          const settled =
            conflict !== undefined &&
            settlesConflict({ hash: incoming.hash, lineage: new Set(lineage) }, conflict.known);
          if (namesStagedFile(incoming)) commitFiles.add(incoming.sha256 as string);
          count(report, incoming.table, decision);
          return { write, lineageRow, ...(settled ? { conflictToDelete: key } : {}) };
        }
        if (decision === 'unchanged') {
          const stored = local.revision;
          // The same record already here without its file (a bundle sent without evidence before).
          if (
            namesStagedFile(incoming) &&
            stored &&
            !stored.deleted &&
            (stored.body as { sha256?: unknown } | null)?.sha256 === incoming.sha256
          ) {
            commitFiles.add(incoming.sha256 as string);
          }
          count(report, incoming.table, 'unchanged');
          return {};
        }
        const step = decideConflictStep(local.conflict?.known, incoming);
        if (step === 'known') {
          count(report, incoming.table, 'unchanged');
          return {};
        }
        const earlier = step === 'diverged' ? local.conflict : undefined;
        const payload: ConflictPayload = {
          revision: incoming.revision,
          lineage: earlier
            ? unionOfLineages(incoming.lineage, earlier.known.lineage, [earlier.known.hash])
            : unionOfLineages(incoming.lineage),
          sender: header.sender,
          bundleId: header.bundleId,
        };
        if (namesStagedFile(incoming)) commitFiles.add(incoming.sha256 as string);
        count(report, incoming.table, 'conflict');
        return { conflictToPut: await sealConflict(codec, incoming.table, payload, receivedAt) };
      },
    );
    for (const step of steps) {
      if (step.write) result.writes.push(step.write);
      if (step.lineageRow) result.lineages.push(step.lineageRow);
      if (step.conflictToDelete) result.conflictsToDelete.push(step.conflictToDelete);
      if (step.conflictToPut) {
        result.conflictsToPut.push(step.conflictToPut);
        touch(step.conflictToPut.table as ExchangeTable, step.conflictToPut.recordId);
      }
    }
    report.evidence.filesAdded = commitFiles.size;
    result.outcome.commitFiles = [...commitFiles].sort();
    return result;
  }

  /**
   * Checks the lines, reads what this device holds about them and seals
   * what the write will store. Returns only what the write transaction
   * needs: the checked plaintext of every record and the opened local state
   * stay behind, so the collector can take them while the rows are written
   * (10,000 incidents: tens of MiB beside the sealed rows).
   */
  async function prepare(bundle: IncomingBundle) {
    const { header, revisions } = await readIncomingBundle(bundle);
    const targets = revisions.map((incoming) => ({
      table: incoming.table,
      id: incoming.revision.id,
    }));
    const before: Map<string, LocalRows> = await db.transaction('r', localTables(db), () =>
      readLocalRows(db, targets),
    );
    const locals = await mapInChunks(targets, SEAL_CHUNK, (target) =>
      openLocalState(codec, target, before.get(targetKey(target)) as LocalRows),
    );
    const receivedAt = now();
    const work = await plan(header, revisions, locals, receivedAt);
    return { targets, before, receivedAt, work };
  }

  async function attempt(bundle: IncomingBundle): Promise<ImportOutcome> {
    for (let attemptNumber = 1; ; attemptNumber++) {
      // A retry (rows changed meanwhile, rare) checks the lines again rather than keeping them.
      const { targets, before, receivedAt, work } = await prepare(bundle);
      try {
        const written = await db.transaction(
          'rw',
          [...localTables(db), db.audit, db.meta],
          async () => {
            if (!(await localRowsUnchanged(db, targets, before))) throw new ConcurrentChange();
            const stored = await appendToJournal(db, deviceId, work.writes, receivedAt);
            const ids = new Map(
              [...stored].map(([table, rows]) => [table, rows.map((row) => row.id)] as const),
            );
            if (work.lineages.length > 0) await db.lineage.bulkPut(work.lineages);
            if (work.conflictsToDelete.length > 0) {
              await db.conflicts.bulkDelete(work.conflictsToDelete);
            }
            if (work.conflictsToPut.length > 0) await db.conflicts.bulkPut(work.conflictsToPut);
            return ids;
          },
        );
        for (const [table, ids] of written) {
          const merged = new Set([...ids, ...(work.touched.get(table) ?? [])]);
          work.touched.delete(table);
          context.committed(table, [...merged]);
        }
        for (const [table, ids] of work.touched) context.committed(table, [...ids]);
        return work.outcome;
      } catch (error) {
        if (!(error instanceof ConcurrentChange) || attemptNumber >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  return {
    importBundle: (bundle) => serial(() => attempt(bundle)),
  };
}

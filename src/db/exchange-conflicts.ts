import { z } from 'zod';
import type { ConflictChoice, ExchangeTable } from '../domain/exchange';
import { EXCHANGE_TABLES } from '../domain/exchange';
import { changedFields, recordHash, type HashedRecord } from './audit-chain';
import { BODY_SCHEMAS } from './incoming-bundle';
import { lineageKey, sealLineage, unionOfLineages } from './lineage-store';
import {
  localRowsUnchanged,
  localTables,
  openLocalState,
  readLocalRows,
  type LocalRows,
  type LocalState,
} from './local-revisions';
import { recordAad } from './record-codec';
import { appendToJournal, sealAuditPayload } from './record-journal';
import type { StoreContext } from './record-store';
import { RecordNotFoundError } from './repository-types';

/** A revision's sync fields, as the conflicts list shows who changed it and when. */
export interface RevisionStamp {
  rev: number;
  updatedAt: string;
  updatedBy: string;
  deleted: boolean;
}

export interface ConflictSummary {
  /** `<table>:<record id>`. */
  key: string;
  table: ExchangeTable;
  recordId: string;
  /** The incident's title, the actor's name or the evidence file's name (this device's, else the incoming one). */
  title: string;
  /** Null when this device's revision no longer opens. */
  local: RevisionStamp | null;
  incoming: RevisionStamp;
  sender: { deviceId: string; name: string; fingerprint: string };
  bundleId: string;
  /** ISO 8601 UTC. */
  receivedAt: string;
}

export interface ConflictDetail extends ConflictSummary {
  /** This device's body; null for a tombstone or a body that does not open. */
  localBody: Record<string, unknown> | null;
  /** The incoming body; null for a tombstone. */
  incomingBody: Record<string, unknown> | null;
}

export interface ExchangeConflictRecords {
  /** Conflicts waiting for the user, most recent arrival first; rows that no longer open are left out with a warning. */
  listConflicts(): Promise<ConflictSummary[]>;
  getConflict(key: string): Promise<ConflictDetail | undefined>;
  /** How many conflicts wait, without opening them (for a badge). */
  countConflicts(): Promise<number>;
  /**
   * Writes a new revision (rev above both, by this device) holding this
   * device's body, the incoming one, or `mergedBody` (checked: ZodError when
   * invalid), whose lineage holds both sides; deletes the conflict in the
   * same transaction. RecordNotFoundError when the conflict is gone.
   */
  resolveConflict(key: string, choice: ConflictChoice, mergedBody?: unknown): Promise<void>;
}

const keySchema = z
  .string()
  .max(200)
  .transform((key, issue) => {
    const separator = key.indexOf(':');
    const table = EXCHANGE_TABLES.find((name) => name === key.slice(0, separator));
    const id = key.slice(separator + 1);
    if (separator < 0 || table === undefined || !z.uuid().safeParse(id).success) {
      issue.addIssue({ code: 'custom', message: 'not a conflict key' });
      return z.NEVER;
    }
    return { table, id };
  });

function stampOf(revision: HashedRecord): RevisionStamp {
  const { rev, updatedAt, updatedBy, deleted } = revision;
  return { rev, updatedAt, updatedBy, deleted };
}

function asFields(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null;
}

function titleOf(table: ExchangeTable, body: unknown): string {
  const field = table === 'incidents' ? 'title' : table === 'actors' ? 'name' : 'originalName';
  const value = asFields(body)?.[field];
  return typeof value === 'string' ? value : '';
}

function summaryOf(detail: ConflictDetail): ConflictSummary {
  const { key, table, recordId, title, local, incoming, sender, bundleId, receivedAt } = detail;
  return { key, table, recordId, title, local, incoming, sender, bundleId, receivedAt };
}

class ConcurrentChange extends Error {}

const MAX_ATTEMPTS = 3;

export function createExchangeConflicts(context: StoreContext): ExchangeConflictRecords {
  const { db, codec, deviceId } = context;

  function detailOf(
    key: string,
    table: ExchangeTable,
    state: LocalState,
  ): ConflictDetail | undefined {
    const conflict = state.conflict;
    const row = state.rows.conflict;
    if (!conflict || !row) return undefined;
    const incoming = conflict.payload.revision;
    const localBody = state.revision ? asFields(state.revision.body) : null;
    const incomingBody = asFields(incoming.body);
    return {
      key,
      table,
      recordId: incoming.id,
      title: titleOf(table, localBody) || titleOf(table, incomingBody),
      local: state.revision ? stampOf(state.revision) : null,
      incoming: stampOf(incoming),
      sender: conflict.payload.sender,
      bundleId: conflict.payload.bundleId,
      receivedAt: row.receivedAt,
      localBody,
      incomingBody,
    };
  }

  async function load(key: string): Promise<
    | {
        detail: ConflictDetail | undefined;
        state: LocalState;
        rows: Map<string, LocalRows>;
        target: { table: ExchangeTable; id: string };
      }
    | undefined
  > {
    const parsed = keySchema.safeParse(key);
    if (!parsed.success) return undefined;
    const target = parsed.data;
    const rows = await db.transaction('r', localTables(db), () => readLocalRows(db, [target]));
    const state = await openLocalState(codec, target, rows.get(key) as LocalRows);
    return { detail: detailOf(key, target.table, state), state, rows, target };
  }

  function chosenRevision(
    table: ExchangeTable,
    local: HashedRecord | undefined,
    incoming: HashedRecord,
    choice: ConflictChoice,
    mergedBody: unknown,
  ): { deleted: boolean; body: object | null } {
    if (choice === 'merged') return { deleted: false, body: BODY_SCHEMAS[table].parse(mergedBody) };
    const source = choice === 'local' ? local : incoming;
    // This device's body did not open: only the incoming side or a merge can settle it.
    if (!source) throw new RecordNotFoundError(table, incoming.id);
    if (source.deleted) return { deleted: true, body: null };
    return { deleted: false, body: BODY_SCHEMAS[table].parse(source.body) };
  }

  return {
    async listConflicts() {
      const rows = await db.conflicts.toArray();
      const targets = rows.map((row) => ({ table: row.table as ExchangeTable, id: row.recordId }));
      const locals = await db.transaction('r', localTables(db), () => readLocalRows(db, targets));
      const summaries = await Promise.all(
        rows.map(async (row, index) => {
          const target = targets[index] as { table: ExchangeTable; id: string };
          const state = await openLocalState(codec, target, locals.get(row.key) as LocalRows);
          const detail = detailOf(row.key, target.table, state);
          if (!detail) return undefined;
          return summaryOf(detail);
        }),
      );
      return summaries
        .filter((summary): summary is ConflictSummary => summary !== undefined)
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    },

    countConflicts: () => db.conflicts.count(),

    async getConflict(key) {
      return (await load(key))?.detail;
    },

    async resolveConflict(key, choice, mergedBody) {
      for (let attempt = 1; ; attempt++) {
        const loaded = await load(key);
        const conflict = loaded?.state.conflict;
        if (!loaded || !conflict || !loaded.detail) {
          throw new RecordNotFoundError(loaded?.target.table ?? 'incidents', key);
        }
        const { state, target, rows } = loaded;
        const local = state.revision;
        const incoming = conflict.payload.revision;
        const chosen = chosenRevision(target.table, local, incoming, choice, mergedBody);
        const rev = Math.max(local?.rev ?? state.rows.record?.rev ?? 0, incoming.rev) + 1;
        const updatedAt = new Date().toISOString();
        const revision: HashedRecord = {
          id: target.id,
          rev,
          updatedAt,
          updatedBy: deviceId,
          deleted: chosen.deleted,
          body: chosen.body,
        };
        const action = chosen.deleted ? 'delete' : 'update';
        const lineage = unionOfLineages(
          state.lineage,
          conflict.payload.lineage,
          [conflict.known.hash],
          local ? [recordHash(local)] : [],
        );
        const [storedBody, auditPayload, lineageRow] = await Promise.all([
          chosen.body === null
            ? Promise.resolve(null)
            : codec.seal(chosen.body, recordAad(target.table, target.id)),
          sealAuditPayload(
            codec,
            { table: target.table, recordId: target.id, rev, action },
            {
              recordHash: recordHash(revision),
              changed: chosen.deleted ? [] : changedFields(local?.body ?? undefined, chosen.body),
            },
          ),
          sealLineage(codec, lineageKey(target.table, target.id), lineage),
        ]);
        try {
          await db.transaction('rw', [...localTables(db), db.audit, db.meta], async () => {
            if (!(await localRowsUnchanged(db, [target], rows))) throw new ConcurrentChange();
            await appendToJournal(
              db,
              deviceId,
              [
                {
                  table: target.table,
                  action,
                  row: { ...revision, body: storedBody },
                  auditPayload,
                },
              ],
              updatedAt,
            );
            await db.lineage.put(lineageRow);
            await db.conflicts.delete(key);
          });
          context.committed(target.table, [target.id]);
          return;
        } catch (error) {
          if (!(error instanceof ConcurrentChange) || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },
  };
}

import { z, type ZodType } from 'zod';
import { newId } from '../domain/ids';
import { nextMacrotask } from '../domain/next-macrotask';
import { auditAad, changedFields, recordHash, type AuditPayload } from './audit-chain';
import type { DepterDatabase } from './database';
import { appendToJournal } from './record-journal';
import { recordAad, type RecordCodec } from './record-codec';
import {
  RecordNotFoundError,
  StaleRevisionError,
  type AuditEntry,
  type ChangedRecord,
  type Loaded,
} from './repository-types';
import type { RecordTable, StoredRecord } from './schema';

export interface RecordKind<Body extends object, Rec> {
  table: RecordTable;
  bodySchema: ZodType<Body>;
  /** The full record: sync fields and body together. */
  recordSchema: ZodType<Rec>;
}

export interface StoreContext {
  db: DepterDatabase;
  deviceId: string;
  codec: RecordCodec;
  /** Called after a write transaction has committed. */
  committed(table: RecordTable, ids: readonly string[]): void;
}

interface PendingWrite {
  action: AuditEntry['action'];
  id: string;
  rev: number;
  updatedAt: string;
  /** The validated body; null for a tombstone. */
  body: object | null;
  /** What goes into the envelope's `body` field (sealed by the codec). */
  stored: unknown;
  /** The audit entry's payload as the codec stored it (sealed). */
  auditPayload: unknown;
}

/** How many bodies are opened at once: enough to keep WebCrypto busy, few enough not to pile up 100,000 promises. */
const OPEN_CHUNK = 2048;

/** Maps in chunks of concurrent calls, keeping the order. */
export async function mapInChunks<T, R>(
  items: readonly T[],
  chunkSize: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += chunkSize) {
    // A task boundary between chunks: in Chromium, WebCrypto's answers kept
    // timers from running for the whole ~0.45 s of 40 chunks otherwise.
    if (start > 0) await nextMacrotask();
    results.push(...(await Promise.all(items.slice(start, start + chunkSize).map(map))));
  }
  return results;
}

/** The stored row changed between our first read and the write transaction: read again. */
class ConcurrentChange extends Error {}

const MAX_ATTEMPTS = 3;

const recordIdSchema = z.uuid();

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path === '' ? '(record)' : path}: ${issue.message}`;
  });
}

/** The rev after `row`'s; a damaged row without a valid rev starts again at 1. */
function nextRev(row: StoredRecord): number {
  return Number.isInteger(row.rev) && row.rev > 0 ? row.rev + 1 : 1;
}

function now(): string {
  return new Date().toISOString();
}

/** Another write replaced the row since `before` was read (same rev, or an import rewrote it). */
function isRewritten(before: StoredRecord, current: StoredRecord): boolean {
  return current.changeSeq !== before.changeSeq || current.updatedAt !== before.updatedAt;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads and writes one record table (incidents, actors or evidence). Every write is one
 * transaction over the table, the audit log and the meta counters, so a crash
 * leaves either the whole change with its audit entry, or nothing.
 */
export class RecordStore<Body extends object, Rec> {
  constructor(
    private readonly context: StoreContext,
    private readonly kind: RecordKind<Body, Rec>,
  ) {}

  private get table() {
    return this.context.db[this.kind.table];
  }

  async list(): Promise<Loaded<Rec>[]> {
    // toArray() on the whole table is one getAll(); a filtered collection
    // would walk a cursor row by row, several times slower at 100,000 rows.
    const rows = await this.table.toArray();
    const live = rows.filter((row) => row.deleted !== true);
    return mapInChunks(live, OPEN_CHUNK, (row) => this.load(row));
  }

  async listRecent(limit: number): Promise<Loaded<Rec>[]> {
    if (limit <= 0) return [];
    const rows = await this.table
      .orderBy('updatedAt')
      .reverse()
      .filter((row) => row.deleted !== true)
      .limit(limit)
      .toArray();
    return mapInChunks(rows, OPEN_CHUNK, (row) => this.load(row));
  }

  /** Rows written after `changeSeq`; inside a caller's transaction when there is one. */
  rowsChangedSince(changeSeq: number): Promise<StoredRecord[]> {
    return this.table.where('changeSeq').above(changeSeq).toArray();
  }

  /** Opens rows read by rowsChangedSince (after their transaction, as every read here). */
  changesOf(rows: readonly StoredRecord[]): Promise<ChangedRecord<Rec>[]> {
    return mapInChunks(rows, OPEN_CHUNK, async (row): Promise<ChangedRecord<Rec>> => {
      const id = String(row.id);
      const changeSeq = typeof row.changeSeq === 'number' ? row.changeSeq : 0;
      if (row.deleted === true) return { id, changeSeq, deleted: true };
      return { id, changeSeq, deleted: false, loaded: await this.load(row) };
    });
  }

  async get(id: string): Promise<Loaded<Rec> | undefined> {
    const row = await this.table.get(id);
    if (!row || row.deleted === true) return undefined;
    return this.load(row);
  }

  async create(body: Body, id?: string): Promise<Rec> {
    const parsed = this.kind.bodySchema.parse(body);
    // A chosen id must pass the record schema too, or the record could never be read back as valid.
    const recordId = id === undefined ? newId() : recordIdSchema.parse(id);
    const pending = await this.prepare('create', recordId, 1, now(), parsed, []);
    const [record] = await this.write(async () => {
      const existing = await this.table.get(recordId);
      if (existing) throw new StaleRevisionError(recordId, 0, existing.rev);
      return [pending];
    });
    return record as Rec;
  }

  async createMany(bodies: readonly Body[]): Promise<Rec[]> {
    const parsed = bodies.map((body, index) => {
      const result = this.kind.bodySchema.safeParse(body);
      if (!result.success) {
        throw new z.ZodError(
          result.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] })),
        );
      }
      return result.data;
    });
    const updatedAt = now();
    const pending = await mapInChunks(parsed, OPEN_CHUNK, (body) =>
      this.prepare('create', newId(), 1, updatedAt, body, []),
    );
    // Fresh UUIDv7 ids cannot collide with stored ones; bulkAdd would still
    // abort the whole transaction if one did.
    return this.write(() => Promise.resolve(pending));
  }

  async update(id: string, body: Body, baseRev: number): Promise<Rec> {
    const parsed = this.kind.bodySchema.parse(body);
    for (let attempt = 1; ; attempt++) {
      // Open the previous body and seal the new one before the transaction:
      // a sealing codec awaits WebCrypto, which must not happen inside it.
      const before = await this.table.get(id);
      this.assertWritable(id, before, baseRev);
      const previousBody = await this.openOrUndefined(before);
      const changed = changedFields(previousBody, parsed);
      const pending = await this.prepare('update', id, nextRev(before), now(), parsed, changed);
      try {
        const [record] = await this.write(async () => {
          const current = await this.table.get(id);
          this.assertWritable(id, current, baseRev);
          if (isRewritten(before, current)) throw new ConcurrentChange();
          return [pending];
        });
        return record as Rec;
      } catch (error) {
        if (!(error instanceof ConcurrentChange)) throw error;
        // Rewritten at the same rev again and again (an import in progress):
        // let the editor treat it like any other newer version.
        if (attempt >= MAX_ATTEMPTS) throw new StaleRevisionError(id, baseRev, baseRev);
      }
    }
  }

  /** With `baseRev`, refuses (StaleRevisionError) unless the stored rev is still that one. */
  async delete(id: string, baseRev?: number): Promise<void> {
    const assertBase = (row: StoredRecord) => {
      if (baseRev !== undefined && row.rev !== baseRev) {
        throw new StaleRevisionError(id, baseRev, row.rev);
      }
    };
    for (let attempt = 1; ; attempt++) {
      const before = await this.table.get(id);
      if (!before) throw new RecordNotFoundError(this.kind.table, id);
      if (before.deleted === true) return;
      assertBase(before);
      const pending = await this.prepare('delete', id, nextRev(before), now(), null, []);
      try {
        await this.write(async () => {
          const current = await this.table.get(id);
          if (!current) throw new RecordNotFoundError(this.kind.table, id);
          if (current.deleted === true) return [];
          assertBase(current);
          if (isRewritten(before, current)) throw new ConcurrentChange();
          return [pending];
        });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChange) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Everything about a write that needs the codec, done before the
   * transaction: the sealed body and the sealed audit payload. The payload's
   * record hash cannot depend on the change sequence, which is only taken
   * inside the transaction (see `recordHash`).
   */
  private async prepare(
    action: AuditEntry['action'],
    id: string,
    rev: number,
    updatedAt: string,
    body: object | null,
    changed: string[],
  ): Promise<PendingWrite> {
    const { codec, deviceId } = this.context;
    const table = this.kind.table;
    const payload: AuditPayload = {
      recordHash: recordHash({
        id,
        rev,
        updatedAt,
        updatedBy: deviceId,
        deleted: body === null,
        body,
      }),
      changed,
    };
    const [stored, auditPayload] = await Promise.all([
      body === null ? Promise.resolve(null) : codec.seal(body, recordAad(table, id)),
      codec.seal(payload, auditAad({ table, recordId: id, rev, action })),
    ]);
    return { action, id, rev, updatedAt, body, stored, auditPayload };
  }

  private assertWritable(
    id: string,
    row: StoredRecord | undefined,
    baseRev: number,
  ): asserts row is StoredRecord {
    if (!row || row.deleted === true) throw new RecordNotFoundError(this.kind.table, id);
    if (row.rev !== baseRev) throw new StaleRevisionError(id, baseRev, row.rev);
  }

  private async openOrUndefined(row: StoredRecord): Promise<unknown> {
    try {
      return await this.context.codec.open(row.body, recordAad(this.kind.table, row.id));
    } catch {
      return undefined; // unreadable previous body: every field counts as changed
    }
  }

  /**
   * Runs `plan` inside one read-write transaction and writes what it returns:
   * the rows, their audit entries chained onto the log, and the counters.
   * Everything between the first and the last IndexedDB request is
   * synchronous, so the transaction cannot commit half-way.
   */
  private async write(plan: () => Promise<PendingWrite[]>): Promise<Rec[]> {
    const { db, deviceId } = this.context;
    const records = await db.transaction('rw', [this.table, db.audit, db.meta], async () => {
      const writes = await plan();
      if (writes.length === 0) return { written: [], ids: [] };
      const journal = writes.map((write) => ({
        table: this.kind.table,
        action: write.action,
        at: write.updatedAt,
        row: {
          id: write.id,
          rev: write.rev,
          updatedAt: write.updatedAt,
          updatedBy: deviceId,
          deleted: write.body === null,
          body: write.stored,
        },
        auditPayload: write.auditPayload,
      }));
      const addOnly = writes.every((write) => write.action === 'create');
      const rows =
        (await appendToJournal(db, deviceId, journal, now(), { addOnly })).get(this.kind.table) ??
        [];
      const written: Rec[] = [];
      writes.forEach((write, index) => {
        if (write.body === null) return;
        const { id, rev, updatedAt, updatedBy, changeSeq, deleted } = rows[index]!;
        // The body passed the body schema and the row's sync fields are
        // valid, so together they are a valid record.
        written.push({ ...write.body, id, rev, updatedAt, updatedBy, changeSeq, deleted } as Rec);
      });
      return { written, ids: rows.map((row) => row.id) };
    });
    this.context.committed(this.kind.table, records.ids);
    return records.written;
  }

  /** A stored row as the UI sees it: a valid record, or the raw value with its problems. */
  private async load(row: StoredRecord): Promise<Loaded<Rec>> {
    let body: unknown;
    try {
      body = await this.context.codec.open(row.body, recordAad(this.kind.table, String(row.id)));
    } catch (error) {
      return this.damaged(row, row, [`body: cannot be opened (${describeError(error)})`]);
    }
    const raw = { ...row, body };
    const sync = {
      id: row.id,
      rev: row.rev,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      changeSeq: row.changeSeq,
      deleted: row.deleted,
    };
    // Sync fields come from the envelope and win over same-named body fields.
    const result = this.kind.recordSchema.safeParse({
      ...(isPlainRecord(body) ? body : {}),
      ...sync,
    });
    if (result.success && isPlainRecord(body)) return { ok: true, record: result.data };
    const problems = result.success ? [] : formatIssues(result.error);
    if (!isPlainRecord(body)) problems.unshift('body: not an object');
    return this.damaged(row, raw, problems);
  }

  private damaged(row: StoredRecord, raw: unknown, problems: string[]): Loaded<Rec> {
    return {
      ok: false,
      id: String(row.id),
      rev: typeof row.rev === 'number' ? row.rev : 0,
      updatedAt: typeof row.updatedAt === 'string' ? row.updatedAt : '',
      raw,
      problems,
    };
  }
}

import { z, type ZodType } from 'zod';
import { newId } from '../domain/ids';
import {
  GENESIS_HASH,
  changedFields,
  parseAuditHead,
  recordHash,
  sealAuditEntry,
  type HashedRecord,
} from './audit-chain';
import type { DepterDatabase } from './database';
import type { RecordCodec } from './record-codec';
import {
  RecordNotFoundError,
  StaleRevisionError,
  type AuditEntry,
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
  /** The validated body; null for a tombstone. */
  body: object | null;
  /** What goes into the envelope's `body` field. */
  stored: unknown;
  changed: string[];
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

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads and writes one record table (incidents or actors). Every write is one
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
    return Promise.all(rows.filter((row) => row.deleted !== true).map((row) => this.load(row)));
  }

  async listRecent(limit: number): Promise<Loaded<Rec>[]> {
    if (limit <= 0) return [];
    const rows = await this.table
      .orderBy('updatedAt')
      .reverse()
      .filter((row) => row.deleted !== true)
      .limit(limit)
      .toArray();
    return Promise.all(rows.map((row) => this.load(row)));
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
    const stored = await this.context.codec.seal(parsed, recordId);
    const [record] = await this.write(async () => {
      const existing = await this.table.get(recordId);
      if (existing) throw new StaleRevisionError(recordId, 0, existing.rev);
      return [{ action: 'create', id: recordId, rev: 1, body: parsed, stored, changed: [] }];
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
    const ids = parsed.map(() => newId());
    const stored = await Promise.all(
      parsed.map((body, index) => this.context.codec.seal(body, ids[index] as string)),
    );
    // Fresh UUIDv7 ids cannot collide with stored ones; bulkAdd would still
    // abort the whole transaction if one did.
    return this.write(() =>
      Promise.resolve(
        parsed.map((body, index) => ({
          action: 'create' as const,
          id: ids[index] as string,
          rev: 1,
          body,
          stored: stored[index],
          changed: [],
        })),
      ),
    );
  }

  async update(id: string, body: Body, baseRev: number): Promise<Rec> {
    const parsed = this.kind.bodySchema.parse(body);
    for (let attempt = 1; ; attempt++) {
      // Open the previous body and seal the new one before the transaction:
      // a sealing codec awaits WebCrypto, which must not happen inside it.
      const before = await this.table.get(id);
      this.assertWritable(id, before, baseRev);
      const previousBody = await this.openOrUndefined(before);
      const stored = await this.context.codec.seal(parsed, id);
      const changed = changedFields(previousBody, parsed);
      try {
        const [record] = await this.write(async () => {
          const current = await this.table.get(id);
          this.assertWritable(id, current, baseRev);
          if (current.changeSeq !== before.changeSeq || current.updatedAt !== before.updatedAt) {
            throw new ConcurrentChange();
          }
          return [{ action: 'update', id, rev: nextRev(current), body: parsed, stored, changed }];
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

  async delete(id: string): Promise<void> {
    await this.write(async () => {
      const current = await this.table.get(id);
      if (!current) throw new RecordNotFoundError(this.kind.table, id);
      if (current.deleted === true) return [];
      return [
        { action: 'delete', id, rev: nextRev(current), body: null, stored: null, changed: [] },
      ];
    });
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
      return await this.context.codec.open(row.body, row.id);
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
    const updatedAt = new Date().toISOString();
    const records = await db.transaction('rw', [this.table, db.audit, db.meta], async () => {
      const writes = await plan();
      if (writes.length === 0) return { written: [], ids: [] };
      const counter = await db.meta.get('changeSeq');
      let changeSeq = typeof counter?.value === 'number' ? counter.value : 0;
      // Continue from the recorded head, not from whatever the last entry is,
      // so entries removed from the end stay visible as a gap.
      let head = parseAuditHead((await db.meta.get('auditHead'))?.value);
      if (!head) {
        const last = await db.audit.toCollection().last();
        head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
      }

      const rows: StoredRecord[] = [];
      const entries: AuditEntry[] = [];
      const written: Rec[] = [];
      for (const write of writes) {
        changeSeq += 1;
        const sync = {
          id: write.id,
          rev: write.rev,
          updatedAt,
          updatedBy: deviceId,
          changeSeq,
          deleted: write.body === null,
        };
        const plain: HashedRecord = { ...sync, body: write.body };
        const entry = sealAuditEntry({
          seq: head.seq + 1,
          at: updatedAt,
          device: deviceId,
          action: write.action,
          table: this.kind.table,
          recordId: write.id,
          rev: write.rev,
          recordHash: recordHash(plain),
          changed: write.changed,
          prevHash: head.hash,
        });
        head = { seq: entry.seq, hash: entry.hash };
        rows.push({ ...sync, body: write.stored });
        entries.push(entry);
        if (write.body !== null) {
          // The body passed the body schema and `sync` holds valid sync
          // fields, so together they are a valid record.
          written.push({ ...write.body, ...sync } as Rec);
        }
      }

      if (writes.every((write) => write.action === 'create')) await this.table.bulkAdd(rows);
      else await this.table.bulkPut(rows);
      await db.audit.bulkAdd(entries);
      await db.meta.bulkPut([
        { key: 'changeSeq', value: changeSeq },
        { key: 'auditHead', value: head },
      ]);
      return { written, ids: rows.map((row) => row.id) };
    });
    this.context.committed(this.kind.table, records.ids);
    return records.written;
  }

  /** A stored row as the UI sees it: a valid record, or the raw value with its problems. */
  private async load(row: StoredRecord): Promise<Loaded<Rec>> {
    let body: unknown;
    try {
      body = await this.context.codec.open(row.body, row.id);
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

import { z } from 'zod';
import {
  GENESIS_HASH,
  auditAad,
  chainAuditEntry,
  isLegacyAuditEntry,
  parseAuditHead,
  verifyAuditChain,
  type AuditPayload,
  type StoredAuditEntry,
} from './audit-chain';
import type { DepterDatabase } from './database';
import { recordAad, type RecordCodec } from './record-codec';
import type { AuditEntry, Draft } from './repository-types';
import type { RecordTable, StoredRecord } from './schema';

/*
 * What the repository does only when its codec seals at rest: the key check
 * in meta, and the one-time re-seal of rows written in clear.
 */

/** The records key given at open is not the one these records were sealed with. */
export class ForeignKeyError extends Error {
  constructor() {
    super('this key file does not belong to these records');
    this.name = 'ForeignKeyError';
  }
}

/**
 * The records are sealed, and the repository was opened without the vault's
 * codec: it would show every record as damaged and write new ones in clear.
 */
export class RecordsKeyRequiredError extends Error {
  constructor() {
    super('these records are sealed: open the vault first');
    this.name = 'RecordsKeyRequiredError';
  }
}

/** Refuses a sealed database to a repository without a sealing codec, before anything is written. */
export async function assertNotSealed(db: DepterDatabase): Promise<void> {
  if ((await db.meta.get('keyCheck')) !== undefined) throw new RecordsKeyRequiredError();
}

/** What the key check seals; its value does not matter, only that it opens. */
const KEY_CHECK_TEXT = 'depter records key check, format 1';
const KEY_CHECK_AAD = 'meta:keyCheck';

/**
 * On the first open with a sealing codec, stores a sealed known value and
 * marks the database for re-sealing (it may hold rows written in clear before
 * the vault existed). On later opens, the value must open with the codec's
 * key, or `ForeignKeyError` is thrown before anything is written.
 */
export async function checkRecordsKey(db: DepterDatabase, codec: RecordCodec): Promise<void> {
  const stored = (await db.meta.get('keyCheck'))?.value;
  if (stored !== undefined) {
    let opened: unknown;
    try {
      opened = await codec.open(stored, KEY_CHECK_AAD);
    } catch {
      throw new ForeignKeyError();
    }
    if (opened !== KEY_CHECK_TEXT) throw new ForeignKeyError();
    return;
  }
  const sealed = await codec.seal(KEY_CHECK_TEXT, KEY_CHECK_AAD);
  await db.transaction('rw', db.meta, async () => {
    // Another window may have written it meanwhile; the first one stays.
    if (await db.meta.get('keyCheck')) return;
    await db.meta.bulkPut([
      { key: 'keyCheck', value: sealed },
      { key: 'resealPending', value: true },
    ]);
  });
}

/** How many rows are sealed per transaction: small enough that a crash loses little work. */
const RESEAL_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

function needsSealing(codec: RecordCodec, value: unknown): boolean {
  return value !== null && value !== undefined && codec.isSealed?.(value) === false;
}

async function resealRecords(
  db: DepterDatabase,
  codec: RecordCodec,
  table: RecordTable,
): Promise<void> {
  const store = db[table];
  const clear = (await store.toArray()).filter((row) => needsSealing(codec, row.body));
  for (const chunk of chunks(clear, RESEAL_CHUNK)) {
    const sealed = await Promise.all(
      chunk.map(async (row): Promise<StoredRecord> => ({
        ...row,
        body: await codec.seal(row.body, recordAad(table, row.id)),
      })),
    );
    await db.transaction('rw', store, async () => {
      const current = await store.bulkGet(sealed.map((row) => row.id));
      // Not an edit: rev, changeSeq and the audit log stay as they are. Only
      // rows still exactly as read are replaced.
      const unchanged = sealed.filter((row, index) => {
        const now = current[index];
        return (
          now !== undefined && now.changeSeq === row.changeSeq && needsSealing(codec, now.body)
        );
      });
      await store.bulkPut(unchanged);
    });
  }
}

async function resealDrafts(db: DepterDatabase, codec: RecordCodec): Promise<void> {
  const clear = (await db.drafts.toArray()).filter((draft) => needsSealing(codec, draft.form));
  for (const chunk of chunks(clear, RESEAL_CHUNK)) {
    const sealed = await Promise.all(
      chunk.map(async (draft): Promise<Draft> => ({
        ...draft,
        form: await codec.seal(draft.form, draftAad(draft.id)),
      })),
    );
    await db.transaction('rw', db.drafts, async () => {
      const current = await db.drafts.bulkGet(sealed.map((draft) => draft.id));
      const unchanged = sealed.filter((draft, index) => {
        const now = current[index];
        return now !== undefined && now.savedAt === draft.savedAt && needsSealing(codec, now.form);
      });
      await db.drafts.bulkPut(unchanged);
    });
  }
}

function auditPayloadInClear(codec: RecordCodec, entry: unknown): AuditPayload | undefined {
  if (isLegacyAuditEntry(entry)) {
    const { recordHash, changed } = entry as AuditEntry;
    return { recordHash, changed };
  }
  const payload = (entry as { payload?: unknown }).payload;
  return needsSealing(codec, payload) ? (payload as AuditPayload) : undefined;
}

/**
 * Seals audit payloads written in clear. Their hashes covered the clear
 * fields, so from the first such entry to the end the chain is re-linked
 * (seq numbers kept). Re-linking would also hide tampering done before
 * sealing, so the old chain's verdict is recorded first and `verifyAudit`
 * keeps reporting it. Resumable: already sealed entries keep their payload,
 * and the next run starts at the first entry still in clear.
 */
async function resealAudit(db: DepterDatabase, codec: RecordCodec): Promise<void> {
  const entries = await db.audit.orderBy('seq').toArray();
  const start = entries.findIndex((entry) => auditPayloadInClear(codec, entry) !== undefined);
  if (start < 0) return;
  if (!(await db.meta.get('legacyAuditVerdict'))) {
    const head = parseAuditHead((await db.meta.get('auditHead'))?.value);
    await db.meta.put({ key: 'legacyAuditVerdict', value: verifyAuditChain(entries, head) });
  }
  let prevHash = start === 0 ? GENESIS_HASH : (entries[start - 1]?.hash ?? GENESIS_HASH);
  for (const chunk of chunks(entries.slice(start), RESEAL_CHUNK)) {
    const payloads = await Promise.all(
      chunk.map((entry) => {
        const clear = auditPayloadInClear(codec, entry);
        return clear === undefined
          ? (entry as StoredAuditEntry).payload
          : codec.seal(clear, auditAad(entry));
      }),
    );
    const rewritten = chunk.map((entry, index): StoredAuditEntry => {
      const { seq, at, device, action, table, recordId, rev } = entry;
      const linked = chainAuditEntry({
        seq,
        at,
        device,
        action,
        table,
        recordId,
        rev,
        payload: payloads[index],
        prevHash,
      });
      prevHash = linked.hash;
      return linked;
    });
    await db.transaction('rw', db.audit, db.meta, async () => {
      await db.audit.bulkPut(rewritten);
      // The recorded head follows its entry's new hash, so a truncated log
      // still shows as truncated.
      const head = parseAuditHead((await db.meta.get('auditHead'))?.value);
      const headEntry = head && rewritten.find((entry) => entry.seq === head.seq);
      if (headEntry) {
        await db.meta.put({
          key: 'auditHead',
          value: { seq: headEntry.seq, hash: headEntry.hash },
        });
      }
    });
  }
}

/**
 * Seals everything still in clear: record bodies, drafts, audit payloads.
 * Runs after the key check when the marker is set, before the repository is
 * handed out (so no new write interleaves); each chunk is its own
 * transaction, and the marker is cleared only at the end, so an interrupted
 * pass simply runs again on the next unlock.
 */
export async function resealIfPending(db: DepterDatabase, codec: RecordCodec): Promise<void> {
  if (!codec.isSealed) return;
  if ((await db.meta.get('resealPending'))?.value !== true) return;
  await resealRecords(db, codec, 'incidents');
  await resealRecords(db, codec, 'actors');
  await resealDrafts(db, codec);
  await resealAudit(db, codec);
  await db.meta.delete('resealPending');
}

export function draftAad(id: string): string {
  return `drafts:${id}`;
}

const auditPayloadSchema = z.object({
  recordHash: z.string().regex(/^[0-9a-f]{64}$/),
  changed: z.array(z.string()),
});

/** An audit payload that cannot be opened or does not have the expected shape. */
export class AuditPayloadError extends Error {
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`audit entry ${seq}: ${reason}`);
    this.name = 'AuditPayloadError';
  }
}

/** A stored audit entry as callers see it: payload opened, chain fields as stored. */
export async function openAuditEntry(
  codec: RecordCodec,
  entry: StoredAuditEntry | AuditEntry,
): Promise<AuditEntry> {
  if (!('payload' in entry)) return entry;
  let opened: unknown;
  try {
    opened = await codec.open(entry.payload, auditAad(entry));
  } catch (error) {
    throw new AuditPayloadError(entry.seq, error instanceof Error ? error.message : String(error));
  }
  const payload = auditPayloadSchema.safeParse(opened);
  if (!payload.success) throw new AuditPayloadError(entry.seq, 'payload has the wrong shape');
  const { seq, at, device, action, table, recordId, rev, prevHash, hash } = entry;
  return { seq, at, device, action, table, recordId, rev, ...payload.data, prevHash, hash };
}

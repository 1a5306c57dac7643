import { z } from 'zod';
import { actorLineSchema, incidentLineSchema, evidenceLineSchema } from '../domain/bundle-lines';
import type { ActorLine, EvidenceLine, IncidentLine } from '../domain/bundle-lines';
import type { ExportWatermark } from '../domain/contact';
import { HASH_HEX, type ExchangeTable, type LineageLine } from '../domain/exchange';
import { recordHash, type LegacyAuditEntry, type StoredAuditEntry } from './audit-chain';
import { openContact, sealContact } from './contacts-store';
import { lineageKey, openLineage, sealLineage, unionOfLineages } from './lineage-store';
import { recordAad } from './record-codec';
import { sameStoredValue } from './record-journal';
import { mapInChunks, type StoreContext } from './record-store';
import type { AuditEntry } from './repository-types';
import type { StoredContact, StoredLineage, StoredRecord } from './schema';
import { openAuditEntry } from './vault-at-rest';

/**
 * What an export sends, read from the database in one read transaction
 * (so the change counter and the rows agree), and what a successful export
 * records afterwards: the lineage of every revision sent and each
 * recipient's watermark (src/domain/exchange.ts, src/domain/contact.ts).
 */

export type ExportScope =
  | { kind: 'full' }
  | { kind: 'selection'; incidentIds: readonly string[] }
  | { kind: 'since'; sinceChangeSeq: number };

export interface ExportRequest {
  scope: ExportScope;
  /** Without evidence files the bundle carries no evidence records either: each live one needs its file. */
  includeEvidence: boolean;
}

export interface SentRevision {
  table: ExchangeTable;
  id: string;
  /** recordHash of the revision sent. */
  hash: string;
}

/** A record (or an audit entry, by its seq) that could not be opened or read as valid, and so was left out. */
export interface LeftOutRecord {
  table: ExchangeTable | 'audit';
  id: string;
}

export interface CollectedExport {
  /** Bundle lines (docs/FORMAT.md §6.4) for exportBundle's `records`. */
  records: {
    incidents: IncidentLine[];
    actors: ActorLine[];
    evidence: EvidenceLine[];
    audit: AuditEntry[];
    lineage: LineageLine[];
  };
  /** The database's change counter when the rows were read: the watermark this export reaches. */
  changeSeq: number;
  sent: SentRevision[];
  damaged: LeftOutRecord[];
}

export interface ExportMark {
  contactIds: readonly string[];
  bundleId: string;
  changeSeq: number;
  sent: readonly SentRevision[];
}

export interface ExchangeExportRecords {
  /** Reads what an export of `request` sends; writes nothing. */
  collectExport(request: ExportRequest): Promise<CollectedExport>;
  /**
   * After a bundle was written: in one transaction, adds every sent
   * revision's hash to its record's lineage (so it is recognised when it
   * comes back) and moves each recipient contact's watermark to `changeSeq`
   * (never backwards). Contacts deleted meanwhile are skipped.
   */
  markExported(mark: ExportMark): Promise<void>;
}

const exportRequestSchema = z.object({
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('full') }),
    z.object({ kind: z.literal('selection'), incidentIds: z.array(z.uuid()).max(2_000_000) }),
    z.object({ kind: z.literal('since'), sinceChangeSeq: z.number().int().min(0) }),
  ]),
  includeEvidence: z.boolean(),
});

const exportMarkSchema = z.object({
  contactIds: z.array(z.uuid()).max(50),
  bundleId: z.uuid(),
  changeSeq: z.number().int().min(0),
  sent: z
    .array(
      z.object({
        table: z.enum(['incidents', 'actors', 'evidence']),
        id: z.uuid(),
        hash: z.string().regex(HASH_HEX),
      }),
    )
    .max(6_000_000),
});

/** How many rows are opened at once (as RecordStore does). */
const OPEN_CHUNK = 2048;
const MAX_ATTEMPTS = 3;

class ConcurrentChange extends Error {}

type Opened<Line> =
  | { ok: true; line: Line; hash: string; body: unknown }
  | { ok: false }
  /** An evidence tombstone keeps no metadata at rest, and an evidence line needs it. */
  | { ok: 'unsendable' };

const LINE_SCHEMAS = {
  incidents: incidentLineSchema,
  actors: actorLineSchema,
  evidence: evidenceLineSchema,
} as const;

type LineOf<T extends ExchangeTable> = z.infer<(typeof LINE_SCHEMAS)[T]>;

interface ReadRows {
  changeSeq: number;
  incidents: StoredRecord[];
  actors: StoredRecord[];
  evidence: StoredRecord[];
  audit: (StoredAuditEntry | LegacyAuditEntry)[];
  lineage: StoredLineage[];
}

/** The actors an incident names: its victims and the perpetrators linked to an actor record. */
function linkedActors(incident: IncidentLine): string[] {
  if (incident.deleted) return [];
  const ids = incident.victims.map((victim) => victim.actorId);
  for (const perpetrator of incident.perpetrators) {
    if (perpetrator.actorId !== null) ids.push(perpetrator.actorId);
  }
  return ids;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function createExchangeExport(context: StoreContext): ExchangeExportRecords {
  const { db, codec } = context;

  async function openRevision<T extends ExchangeTable>(
    table: T,
    row: StoredRecord,
  ): Promise<Opened<LineOf<T>>> {
    const sync = {
      id: row.id,
      rev: row.rev,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      changeSeq: row.changeSeq,
    };
    if (row.deleted === true) {
      if (table === 'evidence') return { ok: 'unsendable' };
      const parsed = LINE_SCHEMAS[table].safeParse({ ...sync, deleted: true });
      if (!parsed.success) return { ok: false };
      const hash = recordHash({ ...sync, deleted: true, body: null });
      return { ok: true, line: parsed.data as LineOf<T>, hash, body: null };
    }
    let body: unknown;
    try {
      body = await codec.open(row.body, recordAad(table, String(row.id)));
    } catch {
      return { ok: false };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false };
    // Sync fields from the envelope win over same-named body fields, as when a record is loaded.
    const parsed = LINE_SCHEMAS[table].safeParse({ ...body, ...sync, deleted: false });
    if (!parsed.success) return { ok: false };
    return {
      ok: true,
      line: parsed.data as LineOf<T>,
      hash: recordHash({ ...sync, deleted: false, body }),
      body,
    };
  }

  async function readRows(request: z.infer<typeof exportRequestSchema>): Promise<ReadRows> {
    const { scope, includeEvidence } = request;
    return db.transaction(
      'r',
      [db.incidents, db.actors, db.evidence, db.audit, db.lineage, db.meta],
      async () => {
        const rowsOf = (table: ExchangeTable): Promise<StoredRecord[]> =>
          scope.kind === 'since'
            ? db[table].where('changeSeq').above(scope.sinceChangeSeq).toArray()
            : db[table].toArray();
        const counter = (await db.meta.get('changeSeq'))?.value;
        const incidents =
          scope.kind === 'selection'
            ? (await db.incidents.bulkGet([...new Set(scope.incidentIds)])).filter(
                (row): row is StoredRecord => row !== undefined,
              )
            : await rowsOf('incidents');
        return {
          changeSeq: typeof counter === 'number' ? counter : 0,
          incidents,
          actors: await rowsOf('actors'),
          evidence: includeEvidence ? await rowsOf('evidence') : [],
          audit: await db.audit.toArray(),
          lineage: await db.lineage.toArray(),
        };
      },
    );
  }

  async function collectExport(input: ExportRequest): Promise<CollectedExport> {
    const request = exportRequestSchema.parse(input);
    const rows = await readRows(request);
    const damaged: LeftOutRecord[] = [];
    const sent: SentRevision[] = [];
    const storedLineage = new Map(rows.lineage.map((row) => [row.key, row]));
    const lineage: LineageLine[] = [];

    // A record whose lineage no longer opens is left out like a damaged one:
    // sending it without its ancestry would make the partner see a conflict.
    async function accept<T extends ExchangeTable>(
      table: T,
      id: string,
      opened: Extract<Opened<LineOf<T>>, { ok: true }>,
    ): Promise<boolean> {
      const row = storedLineage.get(lineageKey(table, id));
      if (row) {
        let hashes: string[];
        try {
          hashes = await openLineage(codec, row);
        } catch {
          damaged.push({ table, id });
          return false;
        }
        const earlier = hashes.filter((hash) => hash !== opened.hash);
        if (earlier.length > 0) lineage.push({ table, id, hashes: unionOfLineages(earlier) });
      }
      sent.push({ table, id, hash: opened.hash });
      return true;
    }

    async function openAll<T extends ExchangeTable>(
      table: T,
      tableRows: readonly StoredRecord[],
      wanted: (line: LineOf<T>) => boolean = () => true,
    ): Promise<LineOf<T>[]> {
      const opened = await mapInChunks(tableRows, OPEN_CHUNK, async (row) => ({
        id: String(row.id),
        opened: await openRevision(table, row),
      }));
      const lines: LineOf<T>[] = [];
      for (const { id, opened: result } of opened) {
        if (result.ok === 'unsendable') continue;
        if (result.ok === false) {
          damaged.push({ table, id });
          continue;
        }
        if (!wanted(result.line)) continue;
        if (await accept(table, id, result)) lines.push(result.line);
      }
      return lines.sort(byId);
    }

    const incidents = await openAll('incidents', rows.incidents);
    let actorRows = rows.actors;
    let evidenceWanted: (line: EvidenceLine) => boolean = () => true;
    if (request.scope.kind === 'selection') {
      const actorIds = new Set(incidents.flatMap(linkedActors));
      actorRows = rows.actors.filter((row) => actorIds.has(String(row.id)));
      const incidentIds = new Set(request.scope.incidentIds);
      evidenceWanted = (line) => line.incidentIds.some((id) => incidentIds.has(id));
    }
    const actors = await openAll('actors', actorRows);
    const evidence = await openAll('evidence', rows.evidence, evidenceWanted);

    const sentKeys = new Set(sent.map((revision) => lineageKey(revision.table, revision.id)));
    const auditRows = rows.audit.filter((entry) =>
      sentKeys.has(lineageKey(entry.table, entry.recordId)),
    );
    const audit: AuditEntry[] = [];
    for (const entry of await mapInChunks(auditRows, OPEN_CHUNK, (row) =>
      openAuditEntry(codec, row).catch(() => row.seq),
    )) {
      if (typeof entry === 'number') damaged.push({ table: 'audit', id: String(entry) });
      else audit.push(entry);
    }
    audit.sort((a, b) => a.seq - b.seq);

    return {
      records: { incidents, actors, evidence, audit, lineage },
      changeSeq: rows.changeSeq,
      sent,
      damaged,
    };
  }

  async function markExported(input: ExportMark): Promise<void> {
    const mark = exportMarkSchema.parse(input);
    const at = new Date().toISOString();
    const watermark: ExportWatermark = {
      changeSeq: mark.changeSeq,
      bundleId: mark.bundleId,
      at,
    };
    const hashesByKey = new Map<string, string[]>();
    for (const revision of mark.sent) {
      const key = lineageKey(revision.table, revision.id);
      hashesByKey.set(key, [...(hashesByKey.get(key) ?? []), revision.hash]);
    }
    const lineageKeys = [...hashesByKey.keys()];
    const contactIds = [...new Set(mark.contactIds)];

    for (let attempt = 1; ; attempt++) {
      const [lineageBefore, contactsBefore] = await db.transaction(
        'r',
        [db.lineage, db.contacts],
        async () => [await db.lineage.bulkGet(lineageKeys), await db.contacts.bulkGet(contactIds)],
      );
      // Sealed outside the write transaction: awaiting WebCrypto inside one ends it.
      const pairs = lineageKeys.map((key, index) => ({ key, before: lineageBefore[index] }));
      const lineageRows = await mapInChunks(pairs, OPEN_CHUNK, async ({ key, before }) => {
        const known = before ? await openLineage(codec, before) : [];
        return sealLineage(codec, key, unionOfLineages(known, hashesByKey.get(key) ?? []));
      });
      const contactRows: StoredContact[] = [];
      for (const row of contactsBefore) {
        if (!row) continue;
        const contact = await openContact(codec, row);
        const current = contact.lastExport;
        if (current && current.changeSeq > watermark.changeSeq) continue;
        contactRows.push(await sealContact(codec, { ...contact, lastExport: watermark }));
      }
      try {
        await db.transaction('rw', [db.lineage, db.contacts], async () => {
          const [lineageNow, contactsNow] = [
            await db.lineage.bulkGet(lineageKeys),
            await db.contacts.bulkGet(contactIds),
          ];
          const unchanged =
            lineageNow.every((row, index) => sameStoredValue(row, lineageBefore[index])) &&
            contactsNow.every((row, index) => sameStoredValue(row, contactsBefore[index]));
          if (!unchanged) throw new ConcurrentChange();
          await db.lineage.bulkPut(lineageRows);
          await db.contacts.bulkPut(contactRows);
        });
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChange) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  return { collectExport, markExported };
}

import { z } from 'zod';
import { actorBodySchema, actorSchema, type Actor, type ActorBody } from '../domain/actor';
import {
  evidenceBodySchema,
  evidenceSchema,
  type Evidence,
  type EvidenceBody,
} from '../domain/evidence';
import { newId } from '../domain/ids';
import {
  incidentBodySchema,
  incidentSchema,
  type Incident,
  type IncidentBody,
} from '../domain/incident';
import { parseAuditHead, verifyAuditChain } from './audit-chain';
import { ChangeFeed } from './change-feed';
import { createContactRecords } from './contacts-store';
import { createDatabase, type DatabaseOptions, type DepterDatabase } from './database';
import { createEvidenceRecords } from './evidence-records';
import { createExchangeConflicts } from './exchange-conflicts';
import { createExchangeExport } from './exchange-export';
import { createExchangeImport } from './exchange-import';
import { plaintextCodec, type RecordCodec } from './record-codec';
import { RecordStore, mapInChunks } from './record-store';
import type { AuditVerdict, Draft, DraftSummary, Repository } from './repository-types';
import { CURRENT_SCHEMA_VERSION, DATABASE_NAME, type RecordTable } from './schema';
import { SearchSnapshotStore } from './search-snapshot-store';
import {
  assertNotSealed,
  checkRecordsKey,
  draftAad,
  openAuditEntry,
  resealIfPending,
} from './vault-at-rest';

export { ForeignKeyError, RecordsKeyRequiredError } from './vault-at-rest';

export interface RepositoryOptions extends DatabaseOptions {
  /**
   * This device's id from the vault session; the app always passes it. The
   * id stored in meta (or one generated on first open) is only a fallback
   * for tests, benchmarks and scripts without a vault.
   */
  deviceId?: string;
  /**
   * How record bodies, drafts and audit payloads are stored: the vault's
   * sealing codec (src/vault/sealed-codec.ts) in the app, plaintext without
   * one. With a sealing codec, opening rejects with `ForeignKeyError` (and
   * writes nothing) when the key does not match the database, and seals
   * whatever an older version wrote in clear before resolving.
   */
  codec?: RecordCodec;
}

/** The database on disk was written by a newer Depter; this one must not touch it. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly foundVersion: number,
    readonly supportedVersion: number,
  ) {
    super(`database schema version ${foundVersion} is newer than ${supportedVersion}`);
    this.name = 'DatabaseTooNewError';
  }
}

const draftSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['incident', 'actor']),
  baseRev: z.number().int().min(0),
  form: z.unknown(),
  savedAt: z.string(),
});

/** The field a list shows for a draft's form: an incident's title, a person's or organisation's name. */
function draftTitle(kind: Draft['kind'], form: unknown): string {
  if (typeof form !== 'object' || form === null) return '';
  const value: unknown = (form as Record<string, unknown>)[kind === 'incident' ? 'title' : 'name'];
  return typeof value === 'string' ? value : '';
}

function idsOf(drafts: readonly Draft[], kind: Draft['kind']): string[] {
  return drafts.filter((draft) => draft.kind === kind).map((draft) => draft.id);
}

async function establishDeviceId(db: DepterDatabase, requested?: string): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const stored = (await db.meta.get('deviceId'))?.value;
    if (requested) {
      if (stored !== requested) await db.meta.put({ key: 'deviceId', value: requested });
      return requested;
    }
    if (typeof stored === 'string' && stored.length > 0) return stored;
    const generated = newId();
    await db.meta.put({ key: 'deviceId', value: generated });
    return generated;
  });
}

/** Opens (creating or upgrading as needed) the database and returns the one repository over it. */
export async function openRepository(options: RepositoryOptions = {}): Promise<Repository> {
  const db = createDatabase(options);
  await db.open();
  let deviceId: string;
  try {
    // Dexie 4 opens a database a newer app version upgraded; writing to it
    // with this version's assumptions (e.g. plaintext bodies) could damage it.
    // Dexie stores version n as native version 10n (plus small patch bumps).
    const installedVersion = Math.floor(db.backendDB().version / 10);
    if (installedVersion > CURRENT_SCHEMA_VERSION) {
      throw new DatabaseTooNewError(installedVersion, CURRENT_SCHEMA_VERSION);
    }
    if (options.codec?.isSealed) await checkRecordsKey(db, options.codec);
    else await assertNotSealed(db);
    deviceId = await establishDeviceId(db, options.deviceId);
    if (options.codec) await resealIfPending(db, options.codec);
  } catch (error) {
    db.close();
    throw error;
  }
  const feed = new ChangeFeed(`depter-changes:${options.name ?? DATABASE_NAME}`);
  const codec = options.codec ?? plaintextCodec;
  const context = {
    db,
    deviceId,
    codec,
    committed: (table: RecordTable, ids: readonly string[]) => feed.publish(table, ids),
  };
  const openDraftForm = async (stored: Draft): Promise<{ form: unknown } | undefined> => {
    try {
      return { form: await codec.open(stored.form, draftAad(stored.id)) };
    } catch (error) {
      // A draft is unsaved typing, not a record: one that no longer opens
      // (damaged bytes) is dropped with a warning so the editor falls back to
      // the saved record instead of failing to open at all.
      console.warn(`draft ${stored.id} cannot be opened and is ignored`, error);
      return undefined;
    }
  };
  const incidents = new RecordStore<IncidentBody, Incident>(context, {
    table: 'incidents',
    bodySchema: incidentBodySchema,
    recordSchema: incidentSchema,
  });
  const actors = new RecordStore<ActorBody, Actor>(context, {
    table: 'actors',
    bodySchema: actorBodySchema,
    recordSchema: actorSchema,
  });
  const evidence = new RecordStore<EvidenceBody, Evidence>(context, {
    table: 'evidence',
    bodySchema: evidenceBodySchema,
    recordSchema: evidenceSchema,
  });
  const searchSnapshots = new SearchSnapshotStore(db, codec);

  return {
    deviceId,

    listIncidents: () => incidents.list(),
    listRecentIncidents: (limit) => incidents.listRecent(limit),
    getIncident: (id) => incidents.get(id),
    createIncident: (body, id) => incidents.create(body, id),
    createIncidents: (bodies) => incidents.createMany(bodies),
    updateIncident: (id, body, baseRev) => incidents.update(id, body, baseRev),
    deleteIncident: (id) => incidents.delete(id),

    listActors: () => actors.list(),
    getActor: (id) => actors.get(id),
    createActor: (body, id) => actors.create(body, id),
    updateActor: (id, body, baseRev) => actors.update(id, body, baseRev),
    deleteActor: (id) => actors.delete(id),

    ...createEvidenceRecords(evidence, deviceId),
    ...createExchangeImport(context),
    ...createExchangeConflicts(context),
    ...createContactRecords(context),
    ...createExchangeExport(context),

    async getDraft(id) {
      const stored = await db.drafts.get(id);
      if (!stored) return undefined;
      const opened = await openDraftForm(stored);
      return opened && { ...stored, form: opened.form };
    },
    async saveDraft(draft: Draft) {
      const parsed = draftSchema.parse(draft);
      await db.drafts.put({ ...parsed, form: await codec.seal(parsed.form, draftAad(parsed.id)) });
    },
    async deleteDraft(id) {
      await db.drafts.delete(id);
    },
    async listDrafts(kind) {
      const unsaved = await db.transaction('r', [db.drafts, db.incidents, db.actors], async () => {
        const drafts = (await db.drafts.toArray()).filter(
          (draft) => draft.baseRev === 0 && (kind === undefined || draft.kind === kind),
        );
        // Between a first commit and the draft's deletion both exist: the record wins.
        const saved = new Set([
          ...(await db.incidents.where('id').anyOf(idsOf(drafts, 'incident')).primaryKeys()),
          ...(await db.actors.where('id').anyOf(idsOf(drafts, 'actor')).primaryKeys()),
        ]);
        return drafts.filter((draft) => !saved.has(draft.id));
      });
      // Opened after the transaction: decryption awaits outside IndexedDB, which would end it.
      const summaries = await Promise.all(
        unsaved.map(async (stored): Promise<DraftSummary | undefined> => {
          const opened = await openDraftForm(stored);
          if (!opened) return undefined;
          const { id, kind: draftKind, savedAt } = stored;
          return { id, kind: draftKind, savedAt, title: draftTitle(draftKind, opened.form) };
        }),
      );
      return summaries
        .filter((summary) => summary !== undefined)
        .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    },

    async listChangesSince(changeSeq) {
      if (!Number.isInteger(changeSeq) || changeSeq < 0) {
        throw new RangeError(`changeSeq must be a whole number ≥ 0, not ${changeSeq}`);
      }
      const [incidentRows, actorRows, counter] = await db.transaction(
        'r',
        [db.incidents, db.actors, db.meta],
        async () => [
          await incidents.rowsChangedSince(changeSeq),
          await actors.rowsChangedSince(changeSeq),
          (await db.meta.get('changeSeq'))?.value,
        ],
      );
      return {
        changeSeq: typeof counter === 'number' ? counter : 0,
        incidents: await incidents.changesOf(incidentRows),
        actors: await actors.changesOf(actorRows),
      };
    },
    readSearchSnapshot: (prefetched) => searchSnapshots.read(prefetched),
    writeSearchSnapshot: (snapshot, options) => searchSnapshots.write(snapshot, options),

    async readAudit(fromSeq = 1) {
      const stored = await db.audit.where('seq').aboveOrEqual(fromSeq).toArray();
      return mapInChunks(stored, 2048, (entry) => openAuditEntry(codec, entry));
    },
    // Works on the stored entries without the key: each hash covers the
    // sealed payload bytes (see StoredAuditEntry).
    async verifyAudit() {
      const [entries, head, legacy] = await db.transaction('r', [db.audit, db.meta], async () => [
        await db.audit.toArray(),
        parseAuditHead((await db.meta.get('auditHead'))?.value),
        (await db.meta.get('legacyAuditVerdict'))?.value as AuditVerdict | undefined,
      ]);
      // The log was re-linked when it was sealed; a break found in it just
      // before must not disappear with the old hashes.
      if (legacy && !legacy.ok) return legacy;
      return verifyAuditChain(entries, head);
    },

    onChange: (listener) => feed.subscribe(listener),
    close() {
      feed.close();
      db.close();
    },
  };
}

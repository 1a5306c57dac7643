import { z } from 'zod';
import { actorBodySchema, actorSchema, type Actor, type ActorBody } from '../domain/actor';
import { newId } from '../domain/ids';
import {
  incidentBodySchema,
  incidentSchema,
  type Incident,
  type IncidentBody,
} from '../domain/incident';
import { parseAuditHead, verifyAuditChain } from './audit-chain';
import { ChangeFeed } from './change-feed';
import { createDatabase, type DatabaseOptions, type DepterDatabase } from './database';
import { plaintextCodec, type RecordCodec } from './record-codec';
import { RecordStore } from './record-store';
import type { Draft, Repository } from './repository-types';
import { CURRENT_SCHEMA_VERSION, DATABASE_NAME } from './schema';

export interface RepositoryOptions extends DatabaseOptions {
  /**
   * This device's id, e.g. from the vault. Without it, the id stored in the
   * database is used, or a new one is generated and stored on first open.
   */
  deviceId?: string;
  /** How record bodies are stored; plaintext until issue 3 seals them. */
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
    deviceId = await establishDeviceId(db, options.deviceId);
  } catch (error) {
    db.close();
    throw error;
  }
  const feed = new ChangeFeed(`depter-changes:${options.name ?? DATABASE_NAME}`);
  const context = {
    db,
    deviceId,
    codec: options.codec ?? plaintextCodec,
    committed: (table: 'incidents' | 'actors', ids: readonly string[]) => feed.publish(table, ids),
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

    getDraft: (id) => db.drafts.get(id),
    async saveDraft(draft: Draft) {
      await db.drafts.put(draftSchema.parse(draft));
    },
    async deleteDraft(id) {
      await db.drafts.delete(id);
    },

    readAudit: (fromSeq = 1) => db.audit.where('seq').aboveOrEqual(fromSeq).toArray(),
    async verifyAudit() {
      const [entries, head] = await db.transaction('r', [db.audit, db.meta], async () => [
        await db.audit.toArray(),
        parseAuditHead((await db.meta.get('auditHead'))?.value),
      ]);
      return verifyAuditChain(entries, head);
    },

    onChange: (listener) => feed.subscribe(listener),
    close() {
      feed.close();
      db.close();
    },
  };
}

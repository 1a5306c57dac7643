import { z } from 'zod';
import { attachedFileSchema, type AttachedFile } from '../domain/api';
import { evidenceBodySchema, type Evidence, type EvidenceBody } from '../domain/evidence';
import type { RecordStore } from './record-store';
import { RecordNotFoundError, type Loaded } from './repository-types';

/** What recording an attached file did to the database. */
export type AttachmentOutcome =
  /** No record named this content yet: one was created. */
  | 'created'
  /** A record of the same content existed: this incident was added to it. */
  | 'linked'
  /** The same content was already attached to this incident: nothing was written. */
  | 'unchanged';

export type UnlinkResult =
  /** Other incidents still use the file; `record` is the new revision (or the stored one). */
  | { fileUnused: false; record: Evidence }
  /**
   * The record is now a tombstone, but another record (attached on another
   * device and imported) names the same file: it stays in the store.
   */
  | { fileUnused: false; record: null }
  /** The record is now a tombstone: the caller discards the stored file (discardEvidence). */
  | { fileUnused: true; sha256: string };

/**
 * Evidence metadata through the repository: sealed, audited and reported on
 * the change feed like every record. The SHA-256 stays inside the sealed body
 * and is found by opening the records, never through an index in clear: a
 * hash in clear would tell whoever holds the laptop which known video is on it.
 */
export interface EvidenceRecords {
  /** Every evidence record that is not a tombstone, damaged ones included. */
  listEvidence(): Promise<Loaded<Evidence>[]>;
  /**
   * The evidence of one incident, damaged records included when their
   * opened body still names the incident.
   */
  listEvidenceForIncident(incidentId: string): Promise<Loaded<Evidence>[]>;
  getEvidence(id: string): Promise<Loaded<Evidence> | undefined>;
  /**
   * After attachEvidence answered `file`: links it to the incident, creating
   * the record (attached now, by this device) if no record has this content.
   * Throws a ZodError for an invalid file or incident id.
   */
  recordAttachment(
    file: AttachedFile,
    incidentId: string,
  ): Promise<{ record: Evidence; outcome: AttachmentOutcome }>;
  /** StaleRevisionError if the stored rev is not `baseRev`. */
  setEvidenceCaption(id: string, caption: string, baseRev: number): Promise<Evidence>;
  /**
   * Removes the incident from the record; when no incident is left, the
   * record becomes a tombstone, and the answer says the file is unused unless
   * another live record names the same SHA-256.
   * StaleRevisionError if the stored rev is not `baseRev`.
   */
  unlinkEvidence(id: string, incidentId: string, baseRev: number): Promise<UnlinkResult>;
}

const incidentIdSchema = z.uuid();

function bodyOf(record: Evidence): EvidenceBody {
  // The body schema keeps only body fields and drops the sync fields.
  return evidenceBodySchema.parse(record);
}

/** A damaged record's opened body, if it still lists incidents. */
function rawIncidentIds(loaded: Loaded<Evidence>): unknown[] {
  if (loaded.ok) return loaded.record.incidentIds;
  const raw = loaded.raw as { body?: { incidentIds?: unknown } } | null;
  const ids = raw?.body?.incidentIds;
  return Array.isArray(ids) ? ids : [];
}

/** The file a record names, damaged records included when their opened body still says. */
function rawSha256(loaded: Loaded<Evidence>): unknown {
  if (loaded.ok) return loaded.record.sha256;
  const raw = loaded.raw as { body?: { sha256?: unknown } } | null;
  return raw?.body?.sha256;
}

export function createEvidenceRecords(
  store: RecordStore<EvidenceBody, Evidence>,
  deviceId: string,
): EvidenceRecords {
  // Finding a record by content and then writing it must not interleave
  // with another attachment of the same file (two drops of one video), or
  // both would create a record. Writes from this repository run one by one.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function requireValid(id: string): Promise<Evidence> {
    const loaded = await store.get(id);
    // A damaged record cannot be rewritten field by field: its body is not known to be valid.
    if (loaded === undefined || !loaded.ok) throw new RecordNotFoundError('evidence', id);
    return loaded.record;
  }

  return {
    listEvidence: () => store.list(),

    async listEvidenceForIncident(incidentId) {
      return (await store.list()).filter((loaded) => rawIncidentIds(loaded).includes(incidentId));
    },

    getEvidence: (id) => store.get(id),

    async recordAttachment(file, incidentId) {
      const attached = attachedFileSchema.parse(file);
      const incident = incidentIdSchema.parse(incidentId);
      return serial(async () => {
        // Since imports, several records may name one file (each device
        // attached it once): one already linked to the incident wins.
        const sameContent = (await store.list()).filter(
          (loaded): loaded is { ok: true; record: Evidence } =>
            loaded.ok && loaded.record.sha256 === attached.sha256,
        );
        const existing =
          sameContent.find((loaded) => loaded.record.incidentIds.includes(incident)) ??
          sameContent[0];
        if (existing === undefined) {
          const record = await store.create({
            sha256: attached.sha256,
            size: attached.size,
            mime: attached.mime,
            originalName: attached.originalName,
            modifiedAt: attached.modifiedAt,
            attachedAt: new Date().toISOString(),
            attachedBy: deviceId,
            caption: '',
            incidentIds: [incident],
          });
          return { record, outcome: 'created' as const };
        }
        const { record } = existing;
        if (record.incidentIds.includes(incident)) return { record, outcome: 'unchanged' as const };
        const body = { ...bodyOf(record), incidentIds: [...record.incidentIds, incident] };
        return {
          record: await store.update(record.id, body, record.rev),
          outcome: 'linked' as const,
        };
      });
    },

    setEvidenceCaption(id, caption, baseRev) {
      return serial(async () => {
        const record = await requireValid(id);
        return store.update(id, { ...bodyOf(record), caption }, baseRev);
      });
    },

    unlinkEvidence(id, incidentId, baseRev) {
      return serial(async (): Promise<UnlinkResult> => {
        const record = await requireValid(id);
        const remaining = record.incidentIds.filter((linked) => linked !== incidentId);
        if (remaining.length === record.incidentIds.length) return { fileUnused: false, record };
        if (remaining.length > 0) {
          const body = { ...bodyOf(record), incidentIds: remaining };
          return { fileUnused: false, record: await store.update(id, body, baseRev) };
        }
        await store.delete(id, baseRev);
        const stillNamed = (await store.list()).some(
          (loaded) => rawSha256(loaded) === record.sha256,
        );
        if (stillNamed) return { fileUnused: false, record: null };
        return { fileUnused: true, sha256: record.sha256 };
      });
    },
  };
}

import type { Actor, ActorBody } from '../domain/actor';
import type { Incident, IncidentBody } from '../domain/incident';
import type {
  SearchSnapshot,
  SnapshotRead,
  SnapshotWriteOptions,
  SnapshotWriteReport,
} from './search-snapshot-store';
import type { ContactRecords } from './contacts-store';
import type { EvidenceRecords } from './evidence-records';
import type { ExchangeConflictRecords } from './exchange-conflicts';
import type { ExchangeExportRecords } from './exchange-export';
import type { ExchangeImportRecords } from './exchange-import';
import type { RecordTable } from './schema';

/**
 * A record as read from the database. A record that no longer passes the
 * schema (written by an older version, or damaged) is never dropped: it comes
 * back as `ok: false` with its raw stored value so the UI can show it and
 * export it as JSON.
 */
export type Loaded<T> =
  | { ok: true; record: T }
  | {
      ok: false;
      id: string;
      rev: number;
      updatedAt: string;
      /** The stored value exactly as read. */
      raw: unknown;
      /** Schema issues, as `path: message` lines (not translated: shown as detail). */
      problems: string[];
    };

/** Form state being typed, saved continuously so a crash loses at most a second. */
export interface Draft {
  /** The id of the record being edited (a new record gets its id before the first keystroke). */
  id: string;
  kind: 'incident' | 'actor';
  /** The rev the draft started from; 0 for a record not yet saved. */
  baseRev: number;
  /** Whatever the form holds, valid or not. */
  form: unknown;
  savedAt: string;
}

/** A draft of a record that was never saved, as the lists show it so the typing can be found again. */
export interface DraftSummary {
  /** The id the new record will get; its editor restores the draft. */
  id: string;
  kind: 'incident' | 'actor';
  /** When the form was last written (ISO 8601 UTC). */
  savedAt: string;
  /** The form's title (incident) or name (actor) as typed; '' when it has none. */
  title: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  device: string;
  action: 'create' | 'update' | 'delete';
  table: RecordTable;
  recordId: string;
  rev: number;
  /** SHA-256 (hex) of the record as written. */
  recordHash: string;
  /** Top-level fields that changed (empty for create and delete). */
  changed: string[];
  /** Hash of the previous entry; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 (hex) over this entry's canonical JSON without `hash`. */
  hash: string;
}

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAtSeq: number; reason: 'hash' | 'link' | 'sequence' };

export type RepositoryChange =
  | { table: 'incidents'; id: string }
  | { table: 'actors'; id: string }
  | { table: 'evidence'; id: string };

/** A record written after a given change: its state now, or that it was deleted. */
export type ChangedRecord<T> =
  | { id: string; changeSeq: number; deleted: true }
  | { id: string; changeSeq: number; deleted: false; loaded: Loaded<T> };

/** Incidents and actors written after a change sequence, read in one transaction. */
export interface ChangesSince {
  /** The database's change sequence when they were read: every change up to it is included. */
  changeSeq: number;
  incidents: ChangedRecord<Incident>[];
  actors: ChangedRecord<Actor>[];
}

/** Thrown when saving over a revision someone else (another window, an import) already replaced. */
export class StaleRevisionError extends Error {
  constructor(
    readonly id: string,
    readonly expectedRev: number,
    readonly actualRev: number,
  ) {
    super(`record ${id} is at rev ${actualRev}, not ${expectedRev}`);
    this.name = 'StaleRevisionError';
  }
}

/** Thrown when updating or deleting a record that does not exist or is a tombstone. */
export class RecordNotFoundError extends Error {
  constructor(
    readonly table: RecordTable,
    readonly id: string,
  ) {
    super(`${table}: no record ${id}`);
    this.name = 'RecordNotFoundError';
  }
}

/**
 * The single place that reads and writes records. Everything above it (UI,
 * import, export) goes through this interface, so sealing records at rest can
 * be added here alone.
 */
export interface Repository
  extends
    EvidenceRecords,
    ExchangeImportRecords,
    ExchangeConflictRecords,
    ExchangeExportRecords,
    ContactRecords {
  readonly deviceId: string;

  /** All incidents that are not tombstones, damaged ones included. */
  listIncidents(): Promise<Loaded<Incident>[]>;
  /** The `limit` most recently changed incidents, for a first list page before the index is built. */
  listRecentIncidents(limit: number): Promise<Loaded<Incident>[]>;
  getIncident(id: string): Promise<Loaded<Incident> | undefined>;
  /**
   * Validates `body`; throws a ZodError when invalid. `id` lets the editor choose it up front;
   * if a record with that id already exists, throws StaleRevisionError with expectedRev 0.
   */
  createIncident(body: IncidentBody, id?: string): Promise<Incident>;
  /** Many at once in one transaction (benchmarks, imports); all or nothing. A ZodError's paths start with the body's index. */
  createIncidents(bodies: IncidentBody[]): Promise<Incident[]>;
  /** Writes a new revision; throws StaleRevisionError if the stored rev is not `baseRev`. */
  updateIncident(id: string, body: IncidentBody, baseRev: number): Promise<Incident>;
  /** Leaves a tombstone (no body) so the deletion travels in bundles. Deleting a tombstone again does nothing; an unknown id throws RecordNotFoundError. */
  deleteIncident(id: string): Promise<void>;

  listActors(): Promise<Loaded<Actor>[]>;
  getActor(id: string): Promise<Loaded<Actor> | undefined>;
  createActor(body: ActorBody, id?: string): Promise<Actor>;
  updateActor(id: string, body: ActorBody, baseRev: number): Promise<Actor>;
  deleteActor(id: string): Promise<void>;

  getDraft(id: string): Promise<Draft | undefined>;
  saveDraft(draft: Draft): Promise<void>;
  deleteDraft(id: string): Promise<void>;
  /**
   * Drafts of records that do not exist yet (a draft of a saved record comes
   * back when that record opens), most recently edited first. A draft that no
   * longer opens is left out with a console warning, as in getDraft.
   */
  listDrafts(kind?: Draft['kind']): Promise<DraftSummary[]>;

  /**
   * Incidents and actors (tombstones included) whose last write came after
   * `changeSeq`, so an index loaded from a snapshot can catch up. Throws a
   * RangeError for a `changeSeq` that is not a whole number ≥ 0.
   */
  listChangesSince(changeSeq: number): Promise<ChangesSince>;
  /**
   * The stored search index snapshot, checked whole; see SearchSnapshotStore.read.
   * `prefetched`: its rows as read before unlock (snapshot-prefetch.ts), if any.
   */
  readSearchSnapshot(prefetched?: readonly unknown[] | null): Promise<SnapshotRead>;
  /** Replaces the stored search index snapshot, all or nothing; see SearchSnapshotStore.write. */
  writeSearchSnapshot(
    snapshot: SearchSnapshot,
    options?: SnapshotWriteOptions,
  ): Promise<SnapshotWriteReport>;

  readAudit(fromSeq?: number): Promise<AuditEntry[]>;
  verifyAudit(): Promise<AuditVerdict>;

  /** Called after every committed change; returns an unsubscribe function. */
  onChange(listener: (change: RepositoryChange) => void): () => void;
  close(): void;
}

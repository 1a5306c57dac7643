import type { Actor } from '../domain/actor';
import type { Incident } from '../domain/incident';
import type {
  ChangedRecord,
  ChangesSince,
  Loaded,
  Repository,
  RepositoryChange,
} from '../db/repository-types';

/** What the live index needs from a search index to keep it current. */
export interface UpdatableIndex {
  upsertIncident(incident: Loaded<Incident>): void;
  removeIncident(id: string): void;
  upsertActor(actor: Loaded<Actor>): void;
  removeActor(id: string): void;
}

export type IndexSnapshot<I> =
  | { phase: 'loading' }
  /** Only the most recent incidents, shown while the full index is built. */
  | { phase: 'recent'; index: I; version: number }
  | { phase: 'ready'; index: I; version: number }
  | { phase: 'failed'; reason: string };

/**
 * Stored snapshots of the index, so a start can load it instead of building
 * it from every record (IncidentIndex's are in src/incidents/search/stored-snapshots.ts).
 */
export interface IndexSnapshots<I> {
  /**
   * The stored snapshot as an index, with the change sequence it reflects;
   * null when there is none, or none that can be used (it is then ignored).
   */
  load(signal: AbortSignal): Promise<{ index: I; changeSeq: number } | null>;
  /**
   * Reads `index`, which reflects every change up to `changeSeq`, into a
   * snapshot (in slices; the index must not change until this resolves) and
   * resolves to the function that stores it.
   */
  capture(index: I, changeSeq: number, signal: AbortSignal): Promise<() => Promise<void>>;
}

export interface LiveIndexOptions {
  /** How many recent incidents make the first page. */
  recentLimit: number;
  /** Changes arriving within this window are applied together (an import fires thousands). */
  batchDelayMs: number;
  /**
   * A fresh snapshot is stored once this many changes were applied since the
   * last one (or since the one loaded): a start then has little to catch up.
   */
  snapshotAfterChanges: number;
}

/**
 * Makes a search index from records. The full build may be asynchronous (made
 * in slices so the UI stays responsive); `signal` is aborted when the live
 * index stops, so an unfinished build can give up.
 */
export type IndexBuilder<I> = (
  incidents: Loaded<Incident>[],
  actors: Loaded<Actor>[],
  signal: AbortSignal,
) => I | Promise<I>;

const DEFAULT_OPTIONS: LiveIndexOptions = {
  recentLimit: 50,
  batchDelayMs: 30,
  snapshotAfterChanges: 500,
};

/** Asks only for the counter: no row has a change sequence this high. */
const BEYOND_EVERY_CHANGE = Number.MAX_SAFE_INTEGER;

function isIndexedTable(change: RepositoryChange): boolean {
  return change.table === 'incidents' || change.table === 'actors';
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isTombstone<T extends { deleted: boolean }>(loaded: Loaded<T>): boolean {
  return loaded.ok && loaded.record.deleted;
}

/** Lets the browser paint what was just rendered before a long piece of work. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The search index of the incident list, kept in step with the repository.
 *
 * It shows the most recent page first (fast even with 100,000 records), then
 * loads the stored snapshot of the full index and catches up with what
 * changed since it was taken, or, when there is no usable snapshot, builds
 * the full index from every record; from then on it applies every committed
 * change. Changes that arrive meanwhile are queued and applied afterwards, so
 * nothing saved in the first seconds is missing from the list. A snapshot is
 * stored after a full build and whenever enough changes have piled up since
 * the last one. Exposes `subscribe`/`getSnapshot` for React's
 * useSyncExternalStore.
 */
export class LiveIncidentIndex<I extends UpdatableIndex> {
  private snapshot: IndexSnapshot<I> = { phase: 'loading' };
  private readonly listeners = new Set<() => void>();
  private readonly pending = new Map<string, RepositoryChange>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly options: LiveIndexOptions;
  /** Every change up to this sequence number is in the index (changes after it may be too). */
  private reflectedSeq = 0;
  /** Changes applied since the last stored snapshot; infinite when none reflects this index. */
  private changesSinceSnapshot = Number.POSITIVE_INFINITY;
  /** A snapshot being read and stored; flushes wait while it reads the index. */
  private saving: Promise<void> | null = null;
  private capturing = false;

  constructor(
    private readonly repository: Repository,
    private readonly build: IndexBuilder<I>,
    options: Partial<LiveIndexOptions> = {},
    private readonly snapshots: IndexSnapshots<I> | null = null,
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): IndexSnapshot<I> => this.snapshot;

  /** Loads the first page, then the full index. Resolves when the full index is ready. */
  async start(): Promise<void> {
    // Subscribe before reading, so a change committed during the read is not missed.
    this.unsubscribe = this.repository.onChange((change) => this.enqueue(change));
    try {
      const recent = await this.repository.listRecentIncidents(this.options.recentLimit);
      if (this.stopped) return;
      const recentIndex = await this.build(recent, [], this.stopping.signal);
      if (this.stopped) return;
      this.publish({ phase: 'recent', index: recentIndex, version: 1 });

      await nextTask();
      if (await this.startFromSnapshot()) return;
      if (this.stopped) return;
      // Read before the records: a change after it may be in them or not, and is caught up later either way.
      const { changeSeq } = await this.repository.listChangesSince(BEYOND_EVERY_CHANGE);
      const [incidents, actors] = await Promise.all([
        this.repository.listIncidents(),
        this.repository.listActors(),
      ]);
      if (this.stopped) return;
      // Changes arriving while this runs stay queued (phase is not 'ready' yet) and are applied after.
      const fullIndex = await this.build(incidents, actors, this.stopping.signal);
      if (this.stopped) return;
      this.reflectedSeq = changeSeq;
      this.publish({ phase: 'ready', index: fullIndex, version: 2 });
      if (this.pending.size > 0) this.scheduleFlush();
      this.snapshotIfDue();
    } catch (error) {
      if (this.stopped) return;
      this.publish({
        phase: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Publishes the index loaded from the stored snapshot and brought up to
   * date; false (and nothing published) when there is no usable snapshot or
   * catching up fails, so the caller builds the index from the records.
   */
  private async startFromSnapshot(): Promise<boolean> {
    if (!this.snapshots) return false;
    try {
      const restored = await this.snapshots.load(this.stopping.signal);
      if (!restored || this.stopped) return false;
      const changes = await this.repository.listChangesSince(restored.changeSeq);
      if (this.stopped) return false;
      const applied = this.catchUp(restored.index, changes);
      this.changesSinceSnapshot = applied;
      this.publish({ phase: 'ready', index: restored.index, version: 2 });
      if (this.pending.size > 0) this.scheduleFlush();
      this.snapshotIfDue();
      return true;
    } catch (error) {
      if (!this.stopped) console.warn('search index snapshot not used', describeError(error));
      return false;
    }
  }

  /** Applies what changed after the index's change sequence (actors first, for the incidents' texts). */
  private catchUp(index: I, changes: ChangesSince): number {
    const apply = <T extends { deleted: boolean }>(
      list: ChangedRecord<T>[],
      upsert: (loaded: Loaded<T>) => void,
      remove: (id: string) => void,
    ): void => {
      for (const change of list) {
        if (change.deleted || isTombstone(change.loaded)) remove(change.id);
        else upsert(change.loaded);
      }
    };
    apply(
      changes.actors,
      (loaded) => index.upsertActor(loaded),
      (id) => index.removeActor(id),
    );
    apply(
      changes.incidents,
      (loaded) => index.upsertIncident(loaded),
      (id) => index.removeIncident(id),
    );
    this.reflectedSeq = Math.max(this.reflectedSeq, changes.changeSeq);
    return changes.actors.length + changes.incidents.length;
  }

  private snapshotIfDue(): void {
    if (
      !this.snapshots ||
      this.saving ||
      this.stopped ||
      this.changesSinceSnapshot < this.options.snapshotAfterChanges
    ) {
      return;
    }
    this.saving = this.saveSnapshot(this.snapshots).finally(() => {
      this.saving = null;
      if (this.pending.size > 0) this.scheduleFlush();
    });
  }

  /**
   * Catches up from the database itself (not the change feed, which may lag
   * behind another window's commits), so the stored change sequence is one
   * whose every change is in the index; then reads the index while no flush
   * runs, and stores it.
   */
  private async saveSnapshot(snapshots: IndexSnapshots<I>): Promise<void> {
    const snapshot = this.snapshot;
    if (snapshot.phase !== 'ready') return;
    this.capturing = true;
    let store: () => Promise<void>;
    try {
      while (this.flushing) await this.flushing;
      const changes = await this.repository.listChangesSince(this.reflectedSeq);
      if (this.stopped) return;
      this.catchUp(snapshot.index, changes);
      this.changesSinceSnapshot = 0;
      store = await snapshots.capture(snapshot.index, this.reflectedSeq, this.stopping.signal);
    } catch (error) {
      if (!this.stopped) console.warn('search index snapshot not taken', describeError(error));
      return;
    } finally {
      this.capturing = false;
      if (this.pending.size > 0) this.scheduleFlush();
    }
    try {
      await store();
    } catch (error) {
      if (!this.stopped) console.warn('search index snapshot not stored', describeError(error));
    }
  }

  stop(): void {
    this.stopped = true;
    this.stopping.abort();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.listeners.clear();
  }

  /**
   * Resolves once every change reported so far is in the index and no
   * snapshot is being stored (for tests and shutdown).
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.saving) {
        await this.saving;
        continue;
      }
      if (this.flushTimer) {
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
        this.flushing = this.flush();
      }
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      if (this.pending.size > 0 && this.snapshot.phase === 'ready' && !this.stopped) {
        this.flushing = this.flush();
        continue;
      }
      return;
    }
  }

  private enqueue(change: RepositoryChange): void {
    // Evidence and any later table: not in the incident list's index.
    if (!isIndexedTable(change)) return;
    this.pending.set(`${change.table}:${change.id}`, change);
    if (this.snapshot.phase === 'ready') this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushing || this.capturing || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushing = this.flush();
    }, this.options.batchDelayMs);
  }

  private async flush(): Promise<void> {
    try {
      const snapshot = this.snapshot;
      // While a snapshot reads the index, changes wait (a timer set before it may still fire).
      if (snapshot.phase !== 'ready' || this.capturing) return;
      const changes = [...this.pending.values()];
      this.pending.clear();
      for (const change of changes) {
        if (this.stopped) return;
        await this.apply(snapshot.index, change);
      }
      if (this.stopped) return;
      this.changesSinceSnapshot += changes.length;
      this.publish({ phase: 'ready', index: snapshot.index, version: snapshot.version + 1 });
    } finally {
      this.flushing = null;
    }
    if (this.pending.size > 0) this.scheduleFlush();
    this.snapshotIfDue();
  }

  private async apply(index: I, change: RepositoryChange): Promise<void> {
    try {
      if (change.table === 'incidents') {
        const loaded = await this.repository.getIncident(change.id);
        if (!loaded || isTombstone(loaded)) index.removeIncident(change.id);
        else index.upsertIncident(loaded);
      } else if (change.table === 'actors') {
        const loaded = await this.repository.getActor(change.id);
        if (!loaded || isTombstone(loaded)) index.removeActor(change.id);
        else index.upsertActor(loaded);
      }
    } catch (error) {
      // One unreadable record must not keep the others out of the list.
      console.error('search index update failed', change, error);
    }
  }

  private publish(snapshot: IndexSnapshot<I>): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

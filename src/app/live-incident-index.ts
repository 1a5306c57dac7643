import type { Actor } from '../domain/actor';
import type { Incident } from '../domain/incident';
import type { Loaded, Repository, RepositoryChange } from '../db/repository-types';

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

export interface LiveIndexOptions {
  /** How many recent incidents make the first page. */
  recentLimit: number;
  /** Changes arriving within this window are applied together (an import fires thousands). */
  batchDelayMs: number;
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

const DEFAULT_OPTIONS: LiveIndexOptions = { recentLimit: 50, batchDelayMs: 30 };

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
 * builds the full index, and from then on applies every committed change.
 * Changes that arrive while it is still building are queued and applied
 * afterwards, so nothing saved in the first seconds is missing from the list.
 * Exposes `subscribe`/`getSnapshot` for React's useSyncExternalStore.
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

  constructor(
    private readonly repository: Repository,
    private readonly build: IndexBuilder<I>,
    options: Partial<LiveIndexOptions> = {},
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
      const [incidents, actors] = await Promise.all([
        this.repository.listIncidents(),
        this.repository.listActors(),
      ]);
      if (this.stopped) return;
      // Changes arriving while this runs stay queued (phase is not 'ready' yet) and are applied after.
      const fullIndex = await this.build(incidents, actors, this.stopping.signal);
      if (this.stopped) return;
      this.publish({ phase: 'ready', index: fullIndex, version: 2 });
      if (this.pending.size > 0) this.scheduleFlush();
    } catch (error) {
      if (this.stopped) return;
      this.publish({
        phase: 'failed',
        reason: error instanceof Error ? error.message : String(error),
      });
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

  /** Resolves once every change reported so far is in the index (for tests and shutdown). */
  async settled(): Promise<void> {
    while (
      this.flushTimer ||
      this.flushing ||
      (this.pending.size > 0 && this.snapshot.phase === 'ready')
    ) {
      if (this.flushTimer) {
        clearTimeout(this.flushTimer);
        this.flushTimer = null;
        this.flushing = this.flush();
      }
      await this.flushing;
    }
  }

  private enqueue(change: RepositoryChange): void {
    this.pending.set(`${change.table}:${change.id}`, change);
    if (this.snapshot.phase === 'ready') this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.flushing || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushing = this.flush();
    }, this.options.batchDelayMs);
  }

  private async flush(): Promise<void> {
    try {
      const snapshot = this.snapshot;
      if (snapshot.phase !== 'ready') return;
      const changes = [...this.pending.values()];
      this.pending.clear();
      for (const change of changes) {
        if (this.stopped) return;
        await this.apply(snapshot.index, change);
      }
      if (this.stopped) return;
      this.publish({ phase: 'ready', index: snapshot.index, version: snapshot.version + 1 });
    } finally {
      this.flushing = null;
    }
    if (this.pending.size > 0) this.scheduleFlush();
  }

  private async apply(index: I, change: RepositoryChange): Promise<void> {
    try {
      if (change.table === 'incidents') {
        const loaded = await this.repository.getIncident(change.id);
        if (!loaded || isTombstone(loaded)) index.removeIncident(change.id);
        else index.upsertIncident(loaded);
      } else {
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

import type { LatencySummary } from './stats';

/** What the bench page exposes on `window.depterBench`, one call per measured step. */
export interface BenchApi {
  reset(): Promise<void>;
  /** From now on (until a reload) the steps use the sealed database, opened with this records key. */
  useSealedStore(recordsKey: string, deviceId: string): Promise<void>;
  /**
   * Run in a freshly loaded page, as the app does right after unlockVault:
   * import the records key, open the sealed repository (key check), read the first page.
   * Later steps (buildIndex, search) then use the sealed database.
   */
  unlockFirstPage(
    recordsKey: string,
    deviceId: string,
    limit: number,
  ): Promise<{ importKeyMs: number; openMs: number; listMs: number; count: number }>;
  /** Seals then opens `count` generated incident bodies with the sealed codec, nothing stored. */
  codecThroughput(
    count: number,
    seed: number,
  ): Promise<{ count: number; plaintextBytes: number; sealMs: number; openMs: number }>;
  insertActors(count: number, seed: number): Promise<{ ms: number; count: number }>;
  insertIncidents(
    count: number,
    batchSize: number,
    seed: number,
  ): Promise<{ ms: number; count: number; batch: LatencySummary }>;
  /** Run in a freshly loaded page: open the repository and read the first list page. */
  firstPage(
    limit: number,
  ): Promise<{ openMs: number; listMs: number; totalMs: number; count: number }>;
  buildIndex(): Promise<{
    listIncidentsMs: number;
    listActorsMs: number;
    buildMs: number;
    totalMs: number;
    incidents: number;
    actors: number;
  }>;
  search(
    count: number,
    seed: number,
  ): Promise<{
    latency: LatencySummary;
    /** Per query, the fastest of three runs. */
    bestOfThree: LatencySummary;
    medianHits: number;
    emptyResults: number;
    slowest: { label: string; ms: number; hits: number }[];
  }>;
  /**
   * Stores a snapshot of the index made by buildIndex, as the app does after
   * a full build: encoded in slices, then sealed and written. The longest
   * stretch the main thread could not run a task (a heartbeat's largest gap)
   * is what typing would feel.
   */
  writeSnapshot(): Promise<{
    encodeMs: number;
    storeMs: number;
    longestStretchMs: number;
    chunks: number;
    /** All sections together. */
    payloadBytes: number;
    /** What the chunks hold (compressed, when the store compresses), before sealing. */
    storedBytes: number;
  }>;
  /** A new revision of `count` incidents, so an unlock from the snapshot has something to catch up. */
  editIncidents(count: number): Promise<{ ms: number; count: number }>;
  /**
   * Run in a freshly loaded page, as the app's start after unlockVault: import
   * the key, open the sealed repository, then the live index's start (first
   * page, stored snapshot read and decoded, changes since caught up) until
   * search is ready. Later steps (search) use that index.
   */
  unlockFromSnapshot(
    recordsKey: string,
    deviceId: string,
    limit: number,
  ): Promise<{
    /** The sealed snapshot rows read before the key exists (in the app: during key derivation). */
    prefetchMs: number;
    prefetchedRows: number;
    importKeyMs: number;
    openMs: number;
    firstPageMs: number;
    snapshotReadMs: number;
    snapshotDecodeMs: number;
    catchUpMs: number;
    /** From the repository being open to search ready. */
    readyMs: number;
    fromSnapshot: boolean;
    caughtUp: number;
    incidents: number;
  }>;
  /** Reads the whole audit log and checks its hash chain. */
  verifyAudit(): Promise<{ ms: number; entries: number; ok: boolean }>;
  /** performance.memory.usedJSHeapSize, when Chromium exposes it. */
  usedJsHeap(): number | null;
  /** One getAll() of the incidents store of the clear (default) or the sealed database. */
  rawRead(store?: 'clear' | 'sealed'): Promise<{ ms: number; count: number }>;
  /** Dexie's toArray() on the same table: the library's share, without the repository's decoding and validation. */
  dexieRead(): Promise<{ ms: number; count: number }>;
  /** The repository's listIncidents() again, in the same page right after the raw read. */
  repositoryRead(): Promise<{ ms: number; count: number }>;
  rawInsert(batchSize: number): Promise<{ ms: number; count: number }>;
  /** Drops the page's references to the data so the heap can be measured without them. */
  release(): void;
}

declare global {
  interface Window {
    depterBench: BenchApi;
  }
}

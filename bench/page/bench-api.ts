import type { LatencySummary } from './stats';

/** What the bench page exposes on `window.depterBench`, one call per measured step. */
export interface BenchApi {
  reset(): Promise<void>;
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
  /** Reads the whole audit log and checks its hash chain. */
  verifyAudit(): Promise<{ ms: number; entries: number; ok: boolean }>;
  /** performance.memory.usedJSHeapSize, when Chromium exposes it. */
  usedJsHeap(): number | null;
  rawRead(): Promise<{ ms: number; count: number }>;
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

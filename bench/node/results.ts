import type { LatencySummary } from '../page/stats';
import type { MachineInfo } from './machine';
import type { TreeMemory } from './process-memory';

/** Everything one bench run measured, as written to bench/.results/*.json and docs/BENCHMARKS.md. */
export interface BenchResults {
  machine: MachineInfo;
  totalSeconds: number;
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd: number;
  sizes: {
    incidents: number;
    actors: number;
    queries: number;
    batchSize: number;
    firstPage: number;
  };
  insert: {
    actorsMs: number;
    incidentsMs: number;
    batch: LatencySummary;
  };
  firstPage: { openMs: number; listMs: number; totalMs: number };
  index: { listIncidentsMs: number; listActorsMs: number; buildMs: number; totalMs: number };
  search: {
    latency: LatencySummary;
    /** Per query, the fastest of three runs. */
    bestOfThree: LatencySummary;
    medianHits: number;
    emptyResults: number;
    slowest: { label: string; ms: number; hits: number }[];
  };
  memory: {
    /** CDP Performance.getMetrics JSHeapUsedSize after a forced GC, MiB. */
    heapAfterFirstPageMiB: number;
    heapWithIndexMiB: number;
    /** performance.memory.usedJSHeapSize at the same point, MiB (Chromium rounds it). */
    performanceMemoryMiB: number | null;
    chromium: TreeMemory | null;
  };
  audit: { verifyMs: number; entries: number; ok: boolean };
  /** Reads of all incidents, back to back in one fresh page: raw getAll, Dexie toArray, repository listIncidents. */
  read: { rawGetAllMs: number; dexieToArrayMs: number; repositoryListMs: number };
  raw: { insertMs: number; rows: number };
}

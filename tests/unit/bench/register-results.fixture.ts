import type { BenchResults } from '../../../bench/node/results';

export const latency = (p50: number, p95: number) => ({
  count: 200,
  p50,
  p95,
  max: p95 * 2,
  mean: p50,
});

/** A register run with round figures, for the doc renderers' specs. */
export const REGISTER_RESULTS: BenchResults = {
  machine: {
    date: '2026-11-28T20:00:00.000Z',
    cpus: 2,
    cpuModel: 'Test CPU',
    memoryGiB: 8,
    os: 'Linux 6',
    node: 'v22.23.5',
    chromium: 'Chromium 156',
    loadAverageAtStart: 0.5,
    niceness: 0,
  },
  totalSeconds: 300,
  loadAverageAtEnd: 1.2,
  sizes: { incidents: 100_000, actors: 5_000, queries: 200, batchSize: 1_000, firstPage: 50 },
  insert: { actorsMs: 30_000, incidentsMs: 80_000, batch: latency(700, 1200) },
  firstPage: { openMs: 10, listMs: 20, totalMs: 30 },
  index: { listIncidentsMs: 9_000, listActorsMs: 300, buildMs: 4_000, totalMs: 13_300 },
  search: {
    latency: latency(12, 61),
    bestOfThree: latency(8, 30),
    medianHits: 1500,
    emptyResults: 3,
    slowest: [{ label: 'a|b', ms: 90, hits: 4 }],
  },
  memory: {
    heapAfterFirstPageMiB: 5,
    heapWithIndexMiB: 400,
    performanceMemoryMiB: 401,
    chromium: { processes: 9, rssMiB: 1500, pssMiB: 900 },
  },
  audit: { verifyMs: 5_000, entries: 105_000, ok: true },
  read: { rawGetAllMs: 3_000, dexieToArrayMs: 4_500, repositoryListMs: 9_000 },
  raw: { insertMs: 20_000, rows: 100_000 },
};

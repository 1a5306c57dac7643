import type { VaultBenchResults } from '../../../bench/node/vault-results';
import { latency } from './register-results.fixture';

/** A vault run with round figures, for the specs. */
export const VAULT_RESULTS: VaultBenchResults = {
  keyDerivation: { logN: 18, runsMs: [1_300, 900, 1_000], scryptAloneMs: [800, 700, 750] },
  sealed: {
    insert: { actorsMs: 36_000, incidentsMs: 100_000, batch: latency(900, 1500) },
    unlock: { importKeyMs: 1, openMs: 20, listMs: 40 },
    index: { listIncidentsMs: 12_000, listActorsMs: 400, buildMs: 4_000, totalMs: 16_400 },
    search: { latency: latency(12, 40), bestOfThree: latency(8, 30) },
    memory: {
      heapAfterFirstPageMiB: 6,
      heapWithIndexMiB: 420,
      chromium: { processes: 9, rssMiB: 1600, pssMiB: 950 },
    },
  },
  codec: { count: 20_000, plaintextBytes: 24_000_000, sealMs: 1_000, openMs: 800 },
  rawRead: { clearMs: 5_000, sealedMs: 2_500 },
  loadAverage: { sealedStart: 2.5, sealedEnd: 3.25 },
};

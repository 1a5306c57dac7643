import type { BenchApi } from '../page/bench-api';
import type { LatencySummary } from '../page/stats';
import type { TreeMemory } from './process-memory';

/** What the vault part of a bench run measured (issue 3), beside the register's BenchResults. */
export interface VaultBenchResults {
  /** `VaultService.unlock` on a real keys.age (scrypt 2^18), each run with a fresh service. */
  keyDerivation: { logN: number; runsMs: number[]; scryptAloneMs: number[] };
  /** The register steps again on the same generated data, sealed at rest. */
  sealed: {
    insert: { actorsMs: number; incidentsMs: number; batch: LatencySummary };
    /** In a freshly loaded page: importRecordsKey, openRepository (key check), listRecentIncidents. */
    unlock: { importKeyMs: number; openMs: number; listMs: number };
    index: { listIncidentsMs: number; listActorsMs: number; buildMs: number; totalMs: number };
    search: { latency: LatencySummary; bestOfThree: LatencySummary };
    memory: {
      heapAfterFirstPageMiB: number;
      heapWithIndexMiB: number;
      chromium: TreeMemory | null;
    };
  };
  codec: { count: number; plaintextBytes: number; sealMs: number; openMs: number };
  /** The sealed search index snapshot: stored after the full build, then an unlock that loads it. */
  snapshot?: SnapshotBenchResults;
  /** One getAll() of each incidents store, back to back in a fresh page (after an untimed read). */
  rawRead: { clearMs: number; sealedMs: number };
  /** 1-minute load average when the sealed steps started and ended (the clear ones ran before). */
  loadAverage: { sealedStart: number; sealedEnd: number };
}

type PageResult<M extends keyof BenchApi> = Awaited<ReturnType<BenchApi[M]>>;

/** The snapshot steps as the page reported them (bench/page/bench-api.ts holds their meaning). */
export interface SnapshotBenchResults {
  write: PageResult<'writeSnapshot'>;
  /** Incidents edited after the snapshot was stored, for the unlock to catch up. */
  edits: number;
  /** In a freshly loaded page, the app's start: key import, open, then the live index until ready. */
  unlock: Omit<PageResult<'unlockFromSnapshot'>, 'fromSnapshot' | 'incidents' | 'prefetchedRows'>;
}

/** Middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Throughput {
  microsecondsPerRecord: number;
  /** Plaintext megabytes (10^6 bytes) per second. */
  megabytesPerSecond: number;
}

export function throughput(records: number, bytes: number, milliseconds: number): Throughput {
  if (records <= 0 || milliseconds <= 0) {
    return { microsecondsPerRecord: Number.NaN, megabytesPerSecond: Number.NaN };
  }
  return {
    microsecondsPerRecord: (milliseconds * 1000) / records,
    megabytesPerSecond: bytes / 1e6 / (milliseconds / 1000),
  };
}

export interface UnlockTotals {
  keyDerivationMs: number;
  /** Passphrase entered → first page of the list shown. */
  firstPageMs: number;
  /** Passphrase entered → every incident loaded and the search index built. */
  searchReadyMs: number;
  /** Passphrase entered → search ready from the stored snapshot (with the catch-up); null when not measured. */
  searchReadyViaSnapshotMs: number | null;
}

/**
 * Adds the unlock steps in the order the app runs them: key derivation in
 * main (median of the runs), then in the renderer key import, repository
 * open, first page; then listIncidents, listActors and the index build.
 */
export function unlockTotals(vault: VaultBenchResults): UnlockTotals {
  const keyDerivationMs = median(vault.keyDerivation.runsMs);
  const { importKeyMs, openMs, listMs } = vault.sealed.unlock;
  const firstPageMs = keyDerivationMs + importKeyMs + openMs + listMs;
  const viaSnapshot = vault.snapshot?.unlock;
  return {
    keyDerivationMs,
    firstPageMs,
    searchReadyMs: firstPageMs + vault.sealed.index.totalMs,
    searchReadyViaSnapshotMs: viaSnapshot
      ? Math.max(keyDerivationMs, viaSnapshot.prefetchMs) +
        viaSnapshot.importKeyMs +
        viaSnapshot.openMs +
        viaSnapshot.readyMs
      : null,
  };
}

/** sealed / clear, or NaN when the clear figure is not positive. */
export function overhead(sealedMs: number, clearMs: number): number {
  return clearMs > 0 ? sealedMs / clearMs : Number.NaN;
}

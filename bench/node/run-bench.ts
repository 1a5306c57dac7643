import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { format, resolveConfig } from 'prettier';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/debian-chromium';
import type { BenchApi } from '../page/bench-api';
import { DOCUMENT_HEADER, renderRegisterSection, replaceSection } from './benchmarks-doc';
import { measureKeyDerivation } from './key-derivation';
import { describeMachine } from './machine';
import { chromiumTreeMemory } from './process-memory';
import type { BenchResults } from './results';
import { serveDirectory } from './static-server';
import { renderVaultSection } from './vault-doc';
import type { VaultBenchResults } from './vault-results';

const ROOT = join(import.meta.dirname, '..', '..');
const RESULTS_DIR = join(ROOT, 'bench', '.results');
const DOC = join(ROOT, 'docs', 'BENCHMARKS.md');
const CHROMIUM_FLAGS = [
  ...CHROMIUM_ARGS,
  // performance.memory with unrounded figures.
  '--enable-precise-memory-info',
];

const DEFAULT_INCIDENTS = 100_000;

function sizeFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function log(message: string) {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Calls one step of the page's bench API and returns its result. */
function step<K extends keyof BenchApi>(
  page: Page,
  name: K,
  ...args: Parameters<BenchApi[K]>
): Promise<Awaited<ReturnType<BenchApi[K]>>> {
  return page.evaluate(
    ([method, params]) => {
      const fn = window.depterBench[method as keyof BenchApi] as (...a: unknown[]) => unknown;
      return fn(...(params as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<BenchApi[K]>>>;
}

/** Fresh page loads per first-page measure: one load's tens of milliseconds are mostly noise. */
const FIRST_PAGE_LOADS = 5;

/**
 * Runs `load` (which reloads the page and measures) FIRST_PAGE_LOADS times
 * and keeps the run with the median `time`; the page is left as the last
 * run left it, which the following steps build on.
 */
async function medianOfFreshLoads<T>(load: () => Promise<T>, time: (run: T) => number): Promise<T> {
  const runs: T[] = [];
  for (let run = 0; run < FIRST_PAGE_LOADS; run++) runs.push(await load());
  const sorted = [...runs].sort((a, b) => time(a) - time(b));
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function loadPage(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'loaded');
}

async function heapAfterGcMiB(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  return used / 2 ** 20;
}

export async function runBench(): Promise<{ register: BenchResults; vault: VaultBenchResults }> {
  const started = performance.now();
  const sizes = {
    incidents: sizeFromEnv('BENCH_INCIDENTS', DEFAULT_INCIDENTS),
    actors: sizeFromEnv('BENCH_ACTORS', 5_000),
    queries: sizeFromEnv('BENCH_QUERIES', 200),
    batchSize: 1_000,
    firstPage: 50,
    codecRecords: sizeFromEnv('BENCH_CODEC_RECORDS', 20_000),
    unlockRuns: 3,
    snapshotEdits: 100,
  };
  const machine = describeMachine(CHROMIUM_PATH);

  // Before Chromium starts, as at an app start nothing else runs while the
  // user waits for the unlock; the key it yields seals the bench's records.
  log(`vault: create keys.age (scrypt 2^18), then ${sizes.unlockRuns} timed unlocks`);
  const vault = await measureKeyDerivation(sizes.unlockRuns);
  log(`  unlock ${vault.runsMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);

  log('building the bench page');
  // Outside the repository: ESLint would otherwise lint the minified bundle.
  const outDir = mkdtempSync(join(tmpdir(), 'depter-bench-page-'));
  await build({
    root: join(ROOT, 'bench', 'page'),
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2023', reportCompressedSize: false },
  });

  const { url, server } = await serveDirectory(outDir);
  const profile = mkdtempSync(join(tmpdir(), 'depter-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0);
    await loadPage(page, url);
    await step(page, 'reset');

    log(`inserting ${sizes.actors} actors`);
    const actors = await step(page, 'insertActors', sizes.actors, 1);
    log(`inserting ${sizes.incidents} incidents in batches of ${sizes.batchSize}`);
    const incidents = await step(page, 'insertIncidents', sizes.incidents, sizes.batchSize, 2);
    log(`  ${(incidents.ms / 1000).toFixed(1)} s`);

    log('reloading; first list page, then the full index');
    const firstPage = await medianOfFreshLoads(
      async () => {
        await loadPage(page, url);
        return step(page, 'firstPage', sizes.firstPage);
      },
      (run) => run.totalMs,
    );
    const heapAfterFirstPageMiB = await heapAfterGcMiB(context, page);
    const index = await step(page, 'buildIndex');
    if (index.incidents !== sizes.incidents) {
      throw new Error(`read ${index.incidents} incidents back, wrote ${sizes.incidents}`);
    }
    const heapWithIndexMiB = await heapAfterGcMiB(context, page);
    const usedHeap = await step(page, 'usedJsHeap');
    const chromiumMemory = chromiumTreeMemory(profile);

    log(`searching (${sizes.queries} queries)`);
    const search = await step(page, 'search', sizes.queries, 3);

    log('verifying the audit chain');
    await step(page, 'release');
    const audit = await step(page, 'verifyAudit');
    if (!audit.ok) throw new Error('the audit chain written by the bench does not verify');

    log('reads of all rows in a fresh page: raw getAll, Dexie toArray, repository; then raw put');
    await loadPage(page, url);
    // The first read after a reload pays for opening the backing store;
    // one untimed read first, so the three timed reads start equal.
    await step(page, 'rawRead');
    const rawRead = await step(page, 'rawRead');
    const dexieRead = await step(page, 'dexieRead');
    const repositoryRead = await step(page, 'repositoryRead');
    const rawInsert = await step(page, 'rawInsert', sizes.batchSize);
    await step(page, 'release');

    log('sealed at rest: the same actors and incidents into a second database');
    const loadAverageAtSealedStart = loadavg()[0] ?? 0;
    await loadPage(page, url);
    await step(page, 'useSealedStore', vault.recordsKey, vault.deviceId);
    const sealedActors = await step(page, 'insertActors', sizes.actors, 1);
    const sealedIncidents = await step(
      page,
      'insertIncidents',
      sizes.incidents,
      sizes.batchSize,
      2,
    );
    log(`  ${(sealedIncidents.ms / 1000).toFixed(1)} s`);

    log('sealed: reload, unlock to first page, then the full index');
    const unlock = await medianOfFreshLoads(
      async () => {
        await loadPage(page, url);
        return step(page, 'unlockFirstPage', vault.recordsKey, vault.deviceId, sizes.firstPage);
      },
      (run) => run.openMs + run.listMs,
    );
    // Measured between the timed steps; its time is not in the unlock totals.
    const sealedHeapAfterFirstPageMiB = await heapAfterGcMiB(context, page);
    const sealedIndex = await step(page, 'buildIndex');
    if (sealedIndex.incidents !== sizes.incidents) {
      throw new Error(
        `read ${sealedIndex.incidents} sealed incidents back, wrote ${sizes.incidents}`,
      );
    }
    const sealedHeapWithIndexMiB = await heapAfterGcMiB(context, page);
    const sealedChromiumMemory = chromiumTreeMemory(profile);
    log(`sealed: searching (${sizes.queries} queries)`);
    const sealedSearch = await step(page, 'search', sizes.queries, 3);

    log('sealed: store the search index snapshot, edit some incidents, unlock through it');
    const snapshotWrite = await step(page, 'writeSnapshot');
    log(
      `  encode ${snapshotWrite.encodeMs.toFixed(0)} ms, store ${snapshotWrite.storeMs.toFixed(0)} ms, ${snapshotWrite.chunks} chunks, ${(snapshotWrite.payloadBytes / 1e6).toFixed(1)} MB (${(snapshotWrite.storedBytes / 1e6).toFixed(1)} MB stored)`,
    );
    const edits = await step(page, 'editIncidents', Math.min(sizes.snapshotEdits, sizes.incidents));
    await loadPage(page, url);
    const viaSnapshot = await step(
      page,
      'unlockFromSnapshot',
      vault.recordsKey,
      vault.deviceId,
      sizes.firstPage,
    );
    if (!viaSnapshot.fromSnapshot || viaSnapshot.incidents !== sizes.incidents) {
      throw new Error(
        `unlock through the snapshot: from snapshot ${viaSnapshot.fromSnapshot}, ${viaSnapshot.incidents} incidents`,
      );
    }
    log(
      `  prefetch ${viaSnapshot.prefetchMs.toFixed(0)} ms (${viaSnapshot.prefetchedRows} rows), search ready ${viaSnapshot.readyMs.toFixed(0)} ms after open`,
    );
    if (viaSnapshot.prefetchedRows === 0) throw new Error('the snapshot rows were not prefetched');
    await step(page, 'release');

    log('raw getAll() of both incidents stores in a fresh page');
    await loadPage(page, url);
    await step(page, 'rawRead', 'clear');
    const rawSealed = await step(page, 'rawRead', 'sealed');
    const rawClear = await step(page, 'rawRead', 'clear');
    const loadAverageAtSealedEnd = loadavg()[0] ?? 0;

    log(`codec: seal and open ${sizes.codecRecords} incident bodies in a fresh page`);
    await loadPage(page, url);
    const codec = await step(page, 'codecThroughput', sizes.codecRecords, 4);

    const vaultResults: VaultBenchResults = {
      keyDerivation: {
        logN: vault.logN,
        runsMs: vault.runsMs,
        scryptAloneMs: vault.scryptAloneMs,
      },
      sealed: {
        insert: {
          actorsMs: sealedActors.ms,
          incidentsMs: sealedIncidents.ms,
          batch: sealedIncidents.batch,
        },
        unlock: { importKeyMs: unlock.importKeyMs, openMs: unlock.openMs, listMs: unlock.listMs },
        index: sealedIndex,
        search: { latency: sealedSearch.latency, bestOfThree: sealedSearch.bestOfThree },
        memory: {
          heapAfterFirstPageMiB: sealedHeapAfterFirstPageMiB,
          heapWithIndexMiB: sealedHeapWithIndexMiB,
          chromium: sealedChromiumMemory,
        },
      },
      codec,
      snapshot: {
        write: snapshotWrite,
        edits: edits.count,
        unlock: viaSnapshot,
      },
      rawRead: { clearMs: rawClear.ms, sealedMs: rawSealed.ms },
      loadAverage: { sealedStart: loadAverageAtSealedStart, sealedEnd: loadAverageAtSealedEnd },
    };

    const results: BenchResults = {
      machine,
      totalSeconds: (performance.now() - started) / 1000,
      loadAverageAtEnd: loadavg()[0] ?? 0,
      sizes,
      insert: { actorsMs: actors.ms, incidentsMs: incidents.ms, batch: incidents.batch },
      firstPage,
      index,
      search,
      memory: {
        heapAfterFirstPageMiB,
        heapWithIndexMiB,
        performanceMemoryMiB: usedHeap === null ? null : usedHeap / 2 ** 20,
        chromium: chromiumMemory,
      },
      audit: { verifyMs: audit.ms, entries: audit.entries, ok: audit.ok },
      read: {
        rawGetAllMs: rawRead.ms,
        dexieToArrayMs: dexieRead.ms,
        repositoryListMs: repositoryRead.ms,
      },
      raw: { insertMs: rawInsert.ms, rows: rawRead.count },
    };
    return { register: results, vault: vaultResults };
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  const { register: results, vault } = await runBench();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `register-${results.machine.date.replaceAll(':', '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ ...results, vault }, null, 2)}\n`);
  log(`results: ${file}`);
  const section = renderRegisterSection(results);
  const vaultSection = renderVaultSection(results, vault);
  if (results.sizes.incidents === DEFAULT_INCIDENTS) {
    const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : DOCUMENT_HEADER;
    const updated = replaceSection(
      replaceSection(current, 'issue-2-register', section),
      'issue-3-vault',
      vaultSection,
    );
    // Formatted as `npm run lint` (prettier --check) expects it.
    const options = (await resolveConfig(DOC)) ?? {};
    writeFileSync(DOC, await format(updated, { ...options, filepath: DOC }));
    log(`updated ${DOC}`);
  } else {
    log('not the standard size: docs/BENCHMARKS.md left alone');
  }
  process.stdout.write(`\n${section}\n\n${vaultSection}\n`);
}

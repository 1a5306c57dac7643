/**
 * One import in a process of its own, so its peak RSS is the import's. Run
 * by bundle-bench.ts as
 * `node --expose-gc import-child.mjs <setup.json> <bundle> <storeDir> [no-merge]`, bundled
 * first as the app's main process is (bundled-children.ts);
 * prints one JSON line. Three timed steps, as the import panel runs them:
 * openBundleForImport (decrypt, verify, seal each evidence file into the
 * receiving store), the merge of the records into the repository, and
 * finishBundleImport (commit the staged files). The repository runs on
 * fake-indexeddb here; the app commits into Chromium's IndexedDB, so that
 * step is reported on its own. With `no-merge` the child does only what
 * main does in the app (open, then finish with every staged file, as when
 * the renderer's merge names them all): its peak RSS is main's share.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { dirname } from 'node:path';
import { openRepository } from '../../src/db/repository';
import type { Repository } from '../../src/db/repository-types';
import { importRecordsKey } from '../../src/vault/records-cipher';
import { createSealedCodec } from '../../src/vault/sealed-codec';
import {
  benchExchangeHandlers,
  processCost,
  readBenchSetup,
  startMeasuredWindow,
} from './child-setup';
import { commitOpenedBundle } from './commit-records';

const [setupPath, bundlePath, storeDir, mode] = process.argv.slice(2);
if (!setupPath || !bundlePath || !storeDir || (mode !== undefined && mode !== 'no-merge')) {
  throw new Error('usage: <setup.json> <bundle> <storeDir> [no-merge]');
}
const merging = mode === undefined;

// Node and our bundled modules loaded, nothing done yet: the floor under every figure.
const loadedRssKiB = process.memoryUsage().rss / 1024;
// Only the receiving device's keys: the sender's records must not sit in this process's memory.
const { partner } = await readBenchSetup(setupPath);
let progressEvents = 0;
const { handlers } = benchExchangeHandlers({
  keys: partner,
  storeDir,
  workDir: dirname(storeDir),
  openPaths: [bundlePath],
  onProgress: () => progressEvents++,
});
// Opened before the clock starts: in the app the repository is open while the vault is.
const recordsKey = Buffer.from(partner.recordsKeyHex, 'hex').toString('base64');
const repository: Repository = await openRepository({
  name: 'depter-bench-import',
  indexedDB: new IDBFactory(),
  IDBKeyRange,
  deviceId: partner.deviceId,
  codec: createSealedCodec(await importRecordsKey(recordsKey)),
});
const { source } = await handlers.chooseBundleSource(undefined);
if (source === null) throw new Error('no import source');

const measured = startMeasuredWindow();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const opened = await handlers.openBundleForImport({
  sourceId: source.sourceId,
  jobId: 'bench-import',
});
if (!opened.ok) throw new Error(`import failed: ${opened.error}`);
const openMs = performance.now() - started;
const afterOpen = processCost(cpuBefore);

const cpuBeforeCommit = process.cpuUsage();
const commitStarted = performance.now();
const commit = merging
  ? await commitOpenedBundle(repository, opened)
  : { path: 'none' as const, commitFiles: opened.stagedFiles };
const commitMs = performance.now() - commitStarted;
const commitCost = processCost(cpuBeforeCommit);

const cpuBeforeFinish = process.cpuUsage();
const finishStarted = performance.now();
const finished = await handlers.finishBundleImport({
  importId: opened.importId,
  commit: commit.commitFiles,
});
if (!finished.ok) throw new Error(`finishing the import failed: ${finished.error}`);
const finishMs = performance.now() - finishStarted;
const finishCost = processCost(cpuBeforeFinish);
measured.stop();

process.stdout.write(
  `${JSON.stringify({
    openMs,
    openCpuMs: afterOpen.cpuMs,
    maxRssAfterOpenKiB: afterOpen.maxRssKiB,
    commitMs,
    commitCpuMs: commitCost.cpuMs,
    commitPath: commit.path,
    finishMs,
    finishCpuMs: finishCost.cpuMs,
    filesCommitted: finished.committed,
    maxRssKiB: finishCost.maxRssKiB,
    incidents: opened.records.incidents.length,
    evidenceFiles: opened.counts.evidenceFiles,
    eventLoopMaxMs: measured.eventLoopMaxMs(),
    progressEvents,
    peakWindow: measured.peakWindow,
    loadedRssKiB,
    lifetimeMaxRssKiB: measured.lifetimeMaxRssKiB(),
  })}\n`,
);

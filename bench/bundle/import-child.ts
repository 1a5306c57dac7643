/**
 * One import in a process of its own, so its peak RSS is the import's. Run
 * by bundle-bench.ts as
 * `node ...TYPESCRIPT_CHILD_NODE_ARGS import-child.ts <setup.json> <bundle> <stagingDir>`;
 * prints one JSON line. Two timed steps: decrypt, verify and stage the
 * bundle (openBundle), then commit the records into a repository. The
 * repository runs on fake-indexeddb here; the app commits into Chromium's
 * IndexedDB, so the commit step is reported on its own.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openBundle, type StagedBundle } from '../../electron/services/bundle';
import { openRepository } from '../../src/db/repository';
import type { Repository } from '../../src/db/repository-types';
import { importRecordsKey } from '../../src/vault/records-cipher';
import { createSealedCodec } from '../../src/vault/sealed-codec';
import { processCost, readBenchSetup, startPeakRssWindow } from './child-setup';
import { commitStagedRecords } from './commit-records';

const [setupPath, bundlePath, stagingDir] = process.argv.slice(2);
if (!setupPath || !bundlePath || !stagingDir) {
  throw new Error('usage: <setup.json> <bundle> <stagingDir>');
}

// Node, our modules and the TypeScript stripper loaded, nothing done yet: the floor under every figure.
const loadedRssKiB = process.memoryUsage().rss / 1024;
const setup = await readBenchSetup(setupPath);
const recordsKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
// Opened before the clock starts: in the app the repository is open while the vault is.
const repository: Repository = await openRepository({
  name: 'depter-bench-import',
  indexedDB: new IDBFactory(),
  IDBKeyRange,
  deviceId: 'bench-partner-device',
  codec: createSealedCodec(await importRecordsKey(recordsKey)),
});

const lifetimeBefore = process.resourceUsage().maxRSS;
const peakWindow = startPeakRssWindow();
const loop = monitorEventLoopDelay({ resolution: 10 });
let progressEvents = 0;
loop.enable();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const staged: StagedBundle = await openBundle(bundlePath, [setup.partner.identity], {
  stagingDir,
  onProgress: () => progressEvents++,
});
const openMs = performance.now() - started;
const afterOpen = processCost(cpuBefore);

const cpuBeforeCommit = process.cpuUsage();
const commitStarted = performance.now();
const commit = await commitStagedRecords(repository, staged);
const commitMs = performance.now() - commitStarted;
const commitCost = processCost(cpuBeforeCommit);
loop.disable();

process.stdout.write(
  `${JSON.stringify({
    openMs,
    openCpuMs: afterOpen.cpuMs,
    maxRssAfterOpenKiB: afterOpen.maxRssKiB,
    commitMs,
    commitCpuMs: commitCost.cpuMs,
    commitPath: commit.path,
    maxRssKiB: commitCost.maxRssKiB,
    incidents: staged.records.incidents.length,
    evidenceFiles: staged.evidenceFiles.size,
    eventLoopMaxMs: loop.max / 1e6,
    progressEvents,
    peakWindow,
    loadedRssKiB,
    lifetimeMaxRssKiB: Math.max(lifetimeBefore, process.resourceUsage().maxRSS),
  })}\n`,
);

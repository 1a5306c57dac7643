/**
 * One export in a process of its own, so its peak RSS is the export's. Run
 * by bundle-bench.ts as
 * `node ...TYPESCRIPT_CHILD_NODE_ARGS export-child.ts <setup.json> <output.depter>`;
 * prints one JSON line: wall and CPU time from the call to the bundle renamed
 * and flushed, peak RSS, event-loop stalls, the bundle's size and SHA-256.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeBundle } from '../../electron/services/bundle';
import { EvidenceStore } from '../../electron/services/evidence/evidence-store';
import { deviceEvidenceKeys, processCost, readBenchSetup, startPeakRssWindow } from './child-setup';
import { storeEvidenceSource } from './store-evidence-source';

const [setupPath, outputPath] = process.argv.slice(2);
if (!setupPath || !outputPath) throw new Error('usage: <setup.json> <output.depter>');

// Node, our modules and the TypeScript stripper loaded, nothing done yet: the floor under every figure.
const loadedRssKiB = process.memoryUsage().rss / 1024;
const setup = await readBenchSetup(setupPath);
const store = new EvidenceStore({ directory: setup.storeDir });
const lifetimeBefore = process.resourceUsage().maxRSS;
const peakWindow = startPeakRssWindow();
const loop = monitorEventLoopDelay({ resolution: 10 });
let progressEvents = 0;
loop.enable();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await writeBundle({
  recipients: [setup.partner.recipient, setup.device.ageRecipient],
  signingSeed: Buffer.from(setup.device.signingSeedHex, 'hex'),
  sender: setup.device.sender,
  scope: { kind: 'full' },
  records: setup.records,
  csvLanguage: 'ru',
  evidenceFiles: storeEvidenceSource(store, deviceEvidenceKeys(setup)),
  outputPath,
  onProgress: () => progressEvents++,
});
const exportMs = performance.now() - started;
const cost = processCost(cpuBefore);
loop.disable();
process.stdout.write(
  `${JSON.stringify({
    exportMs,
    ...cost,
    size: result.size,
    sha256: result.sha256,
    counts: result.counts,
    eventLoopMaxMs: loop.max / 1e6,
    progressEvents,
    peakWindow,
    loadedRssKiB,
    lifetimeMaxRssKiB: Math.max(lifetimeBefore, process.resourceUsage().maxRSS),
  })}\n`,
);

/**
 * One export in a process of its own, so its peak RSS is the export's. Run
 * by bundle-bench.ts as
 * `node --expose-gc export-child.mjs <setup.json> <output.depter>`, bundled
 * first as the app's main process is (bundled-children.ts);
 * prints one JSON line. Timed: the app's exportBundle handler, from the call
 * to the bundle renamed and flushed (records to JSONL and CSV, signed
 * manifest, evidence decrypted from the store, tar, age).
 */
import { dirname } from 'node:path';
import {
  benchExchangeHandlers,
  processCost,
  readBenchSetup,
  startMeasuredWindow,
} from './child-setup';

const [setupPath, outputPath] = process.argv.slice(2);
if (!setupPath || !outputPath) throw new Error('usage: <setup.json> <output.depter>');

// Node and our bundled modules loaded, nothing done yet: the floor under every figure.
const loadedRssKiB = process.memoryUsage().rss / 1024;
const setup = await readBenchSetup(setupPath);
let progressEvents = 0;
const { handlers } = benchExchangeHandlers({
  keys: setup.device,
  storeDir: setup.storeDir,
  workDir: dirname(outputPath),
  savePath: outputPath,
  onProgress: () => progressEvents++,
});
const { target } = await handlers.chooseBundleTarget({ suggestedName: 'bench.depter' });
if (target === null) throw new Error('no export target');

const measured = startMeasuredWindow();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await handlers.exportBundle({
  jobId: 'bench-export',
  targetId: target.targetId,
  recipients: [setup.partner.ageRecipient],
  senderName: setup.senderName,
  scope: { kind: 'full' },
  records: setup.records,
  includeEvidence: true,
  volumeSize: null,
  csvLanguage: 'ru',
});
const exportMs = performance.now() - started;
const cost = processCost(cpuBefore);
measured.stop();
if (!result.ok) throw new Error(`export failed: ${result.error}`);
process.stdout.write(
  `${JSON.stringify({
    exportMs,
    ...cost,
    size: result.size,
    sha256: result.sha256,
    counts: result.counts,
    eventLoopMaxMs: measured.eventLoopMaxMs(),
    progressEvents,
    peakWindow: measured.peakWindow,
    loadedRssKiB,
    lifetimeMaxRssKiB: measured.lifetimeMaxRssKiB(),
  })}\n`,
);

/**
 * One attach in a process of its own, so its peak RSS is the attach's and
 * nothing else's. Run by evidence-bench.ts as
 * `node ...TYPESCRIPT_CHILD_NODE_ARGS attach-child.ts <storeDir> <source> <recipient> [page-cache]`
 * (`page-cache`: the store's lane for file systems that refuse direct writes);
 * prints one JSON line: wall and CPU time of attach() (all threads, and the
 * main thread alone), peak RSS, event-loop stalls.
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EvidenceStore } from '../../electron/services/evidence/evidence-store';
import { peakRssKiB } from '../node/peak-rss';

const [directory, source, recipient, writes] = process.argv.slice(2);
if (!directory || !source || !recipient) {
  throw new Error('usage: <storeDir> <source> <recipient> [page-cache]');
}

const store = new EvidenceStore({ directory, directWrites: writes !== 'page-cache' });
const loop = monitorEventLoopDelay({ resolution: 10 });
let progressEvents = 0;
loop.enable();
const started = performance.now();
const cpuBefore = process.cpuUsage();
const mainCpuBefore = process.threadCpuUsage();
const facts = await store.attach(
  source,
  { ageRecipient: recipient, ageIdentity: '', namingKey: randomBytes(32) },
  { onProgress: () => progressEvents++ },
);
const attachMs = performance.now() - started;
// Process-wide: the hashing worker's time counts too.
const cpu = process.cpuUsage(cpuBefore);
// The main thread alone: what the attach takes from the event loop that IPC and the UI share.
const mainCpu = process.threadCpuUsage(mainCpuBefore);
loop.disable();
process.stdout.write(
  `${JSON.stringify({
    attachMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainThreadCpuMs: (mainCpu.user + mainCpu.system) / 1000,
    size: facts.size,
    sha256: facts.sha256,
    maxRssKiB: peakRssKiB(),
    eventLoopMaxMs: loop.max / 1e6,
    eventLoopP99Ms: loop.percentile(99) / 1e6,
    progressEvents,
  })}\n`,
);

import type { BundleCounts } from '../../electron/services/bundle';
import { median } from '../evidence/evidence-doc';
import type { MachineInfo } from '../node/machine';
import type { CommitPath } from './commit-records';
import type { ChromiumMergeRun } from './merge-page/main';

/** The issue's targets for bundles. */
export const EXPORT_RATIO_TARGET = 1.0;
export const IMPORT_RATIO_TARGET = 1.2;
export const PEAK_RSS_TARGET_MIB = 256;

/** Peak RSS as a child reports it: from just before the timed call, and over its whole life. */
interface PeakRss {
  /** Peak from the start of the timed part (after loading the setup and a GC). */
  maxRssKiB: number;
  /** False when the kernel's high-water mark could not be reset: maxRssKiB is then the lifetime peak. */
  peakWindow: boolean;
  /** Including the bench's own loading of the setup JSON. */
  lifetimeMaxRssKiB: number;
  /** RSS once Node and our bundled modules are loaded, before any work. */
  loadedRssKiB: number;
}

export interface ExportRun extends PeakRss {
  /** From the exportBundle call to the bundle renamed and its folder flushed. */
  exportMs: number;
  /** User + system CPU of the whole child process during the export. */
  cpuMs: number;
  size: number;
  sha256: string;
  counts: BundleCounts;
  eventLoopMaxMs: number;
  progressEvents: number;
}

export interface ImportRun extends PeakRss {
  /** openBundleForImport: decrypt, verify signature and every entry, seal the evidence into the store. */
  openMs: number;
  openCpuMs: number;
  maxRssAfterOpenKiB: number;
  /** The merge of the records into the repository (fake-indexeddb in the child). */
  commitMs: number;
  commitCpuMs: number;
  commitPath: CommitPath;
  /** finishBundleImport: the staged evidence files committed in the store. */
  finishMs: number;
  finishCpuMs: number;
  filesCommitted: number;
  incidents: number;
  evidenceFiles: number;
  eventLoopMaxMs: number;
  progressEvents: number;
}

export interface ReferenceRun {
  ms: number;
  /** Both ends of the pipeline, from GNU time; null without it. */
  cpuMs: number | null;
}

export interface BundleBenchResults {
  machine: MachineInfo;
  ageVersion: string;
  tarVersion: string;
  data: {
    incidents: number;
    actors: number;
    evidenceFiles: number;
    evidenceBytes: number;
    bundleBytes: number;
  };
  exports: ExportRun[];
  imports: ImportRun[];
  /** The same records merged in Chromium's IndexedDB, as the app's renderer does. */
  chromiumMerges: ChromiumMergeRun[];
  tarAge: ReferenceRun[];
  tarAgeSynced: number[];
  ageTar: ReferenceRun[];
  memory: {
    evidenceBytes: number;
    export: ExportRun;
    import: ImportRun;
    /** The same import without the merge: what main does in the app. */
    mainImport: ImportRun;
  };
  loadAverageAtEnd: number;
  totalSeconds: number;
}

const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const runs = (values: readonly number[]) => values.map(ms).join(', ');
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
const perSecond = (bytes: number, milliseconds: number) =>
  `${(bytes / 2 ** 20 / (milliseconds / 1000)).toFixed(0)} MiB/s`;
const verdict = (met: boolean) => (met ? 'met' : '**missed**');
const times = (ratio: number) => `${ratio.toFixed(2)}×`;

function cpuMedian(values: readonly ReferenceRun[]): number | null {
  const known = values.flatMap((run) => (run.cpuMs === null ? [] : [run.cpuMs]));
  return known.length === 0 ? null : median(known);
}

export function renderBundleSection(r: BundleBenchResults): string {
  const { machine, data } = r;
  const exportMs = r.exports.map((run) => run.exportMs);
  const importMs = r.imports.map((run) => run.openMs + run.commitMs + run.finishMs);
  const openMs = r.imports.map((run) => run.openMs);
  const commitMs = r.imports.map((run) => run.commitMs);
  const tarAgeMs = r.tarAge.map((run) => run.ms);
  const ageTarMs = r.ageTar.map((run) => run.ms);
  const exportRatio = median(exportMs) / median(tarAgeMs);
  const nodeImportRatio = median(importMs) / median(ageTarMs);
  const chromiumMergeMs = r.chromiumMerges.map((run) => run.mergeMs);
  // As the app runs it: main opens, the renderer merges into Chromium's IndexedDB, main finishes.
  const appImportMs = r.imports.map(
    (run, index) => run.openMs + (chromiumMergeMs[index] ?? median(chromiumMergeMs)) + run.finishMs,
  );
  const importRatio = median(appImportMs) / median(ageTarMs);
  const exportCpu = median(r.exports.map((run) => run.cpuMs));
  const importCpu = median(
    r.imports.map((run) => run.openCpuMs + run.commitCpuMs + run.finishCpuMs),
  );
  const finishMs = r.imports.map((run) => run.finishMs);
  const tarAgeCpu = cpuMedian(r.tarAge);
  const ageTarCpu = cpuMedian(r.ageTar);
  const memoryExportKiB = r.memory.export.maxRssKiB;
  const memoryImportKiB = r.memory.import.maxRssKiB;
  const memoryMainImportKiB = r.memory.mainImport.maxRssKiB;
  const peakKiB = Math.max(memoryExportKiB, memoryMainImportKiB);
  const commitPath = r.imports[0]?.commitPath ?? 'importBundle';
  const window =
    r.memory.export.peakWindow && r.memory.import.peakWindow && r.memory.mainImport.peakWindow
      ? ', from the call on: the peak was reset after loading the setup and a GC'
      : ', over the whole process';
  const busy =
    machine.loadAverageAtStart > machine.cpus
      ? ': **the machine was busy with other work (more runnable processes than CPUs), so these times are longer than on an idle machine**.'
      : '.';
  const cpuCell = (ours: number, reference: number | null) =>
    reference === null ? ms(ours) : `${ms(ours)} / ${ms(reference)} = ${times(ours / reference)}`;
  const lines = [
    '## Bundles: export and import (issue 5)',
    '',
    `Generated by \`npm run bench:bundle\` on ${machine.date.slice(0, 16).replace('T', ' ')} UTC; the whole run took ${r.totalSeconds.toFixed(0)} s.`,
    '',
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, ${machine.os}; Node ${machine.node}; references age ${r.ageVersion} and ${r.tarVersion} (Debian). Load average (1 min) ${machine.loadAverageAtStart.toFixed(1)} at the start and ${r.loadAverageAtEnd.toFixed(1)} at the end${busy}`,
    '',
    `Data: ${data.incidents.toLocaleString('en-US')} generated incidents (the register bench's generator, same seed) linking ${data.actors.toLocaleString('en-US')} actors, and ${data.evidenceFiles} evidence files of ${gib(data.evidenceBytes)} in all (random bytes: 128 MiB files plus four small ones) in a real evidence store, encrypted at rest; two recipients (the partner and the sender). The bundle is ${gib(data.bundleBytes)}.`,
    '',
    '| Measure | Result | Target |',
    '| --- | --- | --- |',
    `| Export: the app's \`exportBundle\` handler (records validated to JSONL and CSV, signed manifest, every evidence file decrypted from the store, re-hashed, tar, age encryption, fsync, rename), median of ${exportMs.length} | ${ms(median(exportMs))} (${perSecond(data.bundleBytes, median(exportMs))}; runs ${runs(exportMs)}) | — |`,
    `| \`tar -c\` of the same plaintext files and JSONL/CSV \\| \`age -r\` (no fsync), median of ${tarAgeMs.length}, alternating with ours | ${ms(median(tarAgeMs))} (${perSecond(data.bundleBytes, median(tarAgeMs))}; runs ${runs(tarAgeMs)}) | — |`,
    `| The same, then fsync of its output and folder (the durability our export gives) | ${ms(median(r.tarAgeSynced))} (runs ${runs(r.tarAgeSynced)}) | — |`,
    `| **Export / (tar \\| age)** | **${times(exportRatio)}** | ≤ ${EXPORT_RATIO_TARGET.toFixed(1)}×: ${verdict(exportRatio <= EXPORT_RATIO_TARGET)} |`,
    `| Export / (tar \\| age + fsync) | ${times(median(exportMs) / median(r.tarAgeSynced))} | — |`,
    `| CPU time (user + system), median: our export process / both ends of the pipeline (GNU time) | ${cpuCell(exportCpu, tarAgeCpu)} | — |`,
    `| Import, as the bench child runs it: \`openBundleForImport\` (decrypt, signature, size and SHA-256 of every entry, schemas, each evidence file sealed into the receiving store with fsync) + merge of the records on fake-indexeddb in the same Node process + \`finishBundleImport\` (commit the files), median of ${importMs.length} | ${ms(median(importMs))} (open ${ms(median(openMs))}, merge ${ms(median(commitMs))}, finish ${ms(median(finishMs))}; runs ${runs(importMs)}) | — |`,
    `| The same merge of the same records in Debian's Chromium, into its IndexedDB on an on-disk profile, as the app's renderer runs it (\`importBundle\`, WebCrypto), median of ${chromiumMergeMs.length} | ${ms(median(chromiumMergeMs))} (runs ${runs(chromiumMergeMs)}; the page's main thread went up to ${ms(Math.max(...r.chromiumMerges.map((run) => run.longestStallMs)))} without running a timer) | — |`,
    `| Import as the app runs it: open + the merge in Chromium + finish | ${ms(median(appImportMs))} (runs ${runs(appImportMs)}) | — |`,
    `| \`age -d -i key < bundle \\| tar -x -C dir\` on our bundle (no fsync), median of ${ageTarMs.length} | ${ms(median(ageTarMs))} (${perSecond(data.bundleBytes, median(ageTarMs))}; runs ${runs(ageTarMs)}) | — |`,
    `| **Import as the app runs it / (age -d \\| tar -x)** | **${times(importRatio)}** | ≤ ${IMPORT_RATIO_TARGET.toFixed(1)}×: ${verdict(importRatio <= IMPORT_RATIO_TARGET)} |`,
    `| Import with the merge on fake-indexeddb in Node / (age -d \\| tar -x) | ${times(nodeImportRatio)} | — |`,
    `| Import without the merge and finish (\`openBundleForImport\` alone) / (age -d \\| tar -x) | ${times(median(openMs) / median(ageTarMs))} | — |`,
    `| CPU time (user + system), median: our import process (merge on fake-indexeddb included) / both ends of the pipeline | ${cpuCell(importCpu, ageTarCpu)} | — |`,
    `| Peak RSS of the exporting process with ${gib(r.memory.evidenceBytes)} of evidence (its own Node process, the kernel's high-water mark VmHWM${window}) | ${mib(memoryExportKiB)} (timed runs: ${mib(Math.max(...r.exports.map((run) => run.maxRssKiB)))}; over the process's life, loading the setup included: ${mib(r.memory.export.lifetimeMaxRssKiB)}) | ≤ ${PEAK_RSS_TARGET_MIB} MiB: ${verdict(memoryExportKiB / 1024 <= PEAK_RSS_TARGET_MIB)} |`,
    `| Peak RSS of the importing main process with ${gib(r.memory.evidenceBytes)} of evidence: open and finish, as main does them in the app (the merge runs in the renderer) | ${mib(memoryMainImportKiB)} (after \`openBundleForImport\`: ${mib(r.memory.mainImport.maxRssAfterOpenKiB)}; over the process's life: ${mib(r.memory.mainImport.lifetimeMaxRssKiB)}) | ≤ ${PEAK_RSS_TARGET_MIB} MiB: ${verdict(memoryMainImportKiB / 1024 <= PEAK_RSS_TARGET_MIB)} |`,
    `| The same import with the merge on fake-indexeddb in the same process (which then also holds the whole database in memory) | ${mib(memoryImportKiB)} | — |`,
    `| Longest event-loop stall (\`monitorEventLoopDelay\`, worst timed run): export / import | ${ms(Math.max(...r.exports.map((run) => run.eventLoopMaxMs)))} / ${ms(Math.max(...r.imports.map((run) => run.eventLoopMaxMs)))} | — |`,
    '',
    `Peak RSS over both: ${mib(peakKiB)}. Of that, ${mib(r.memory.export.loadedRssKiB)} is the child process before it does anything (Node and our code, loaded as the app loads its main process: the bench bundles both children with Vite into plain ESM JavaScript, packages imported from node_modules, and runs them with no TypeScript stripping). Each child resets the kernel's peak after loading its setup and a GC (\`/proc/self/clear_refs\`), so the peak counts what the export or import adds on top of that floor, never less.`,
    '',
    `How it is measured: \`bench/bundle/run.mjs\` generates the records, attaches and commits every evidence file through \`EvidenceStore\` (untimed) and keeps the same plaintext files, with the JSONL and CSV written from the same records, in a folder on the same disk for the references. It then alternates, ${r.exports.length === 1 ? 'once' : `${r.exports.length} times`}: our export in a child Node process (\`bench/bundle/export-child.ts\`, bundled first into plain JavaScript like the app's main process by \`bundled-children.ts\`: the app's exchange handlers on a real evidence store, the save dialog answering with the bench's path), \`tar -c | age -r\`, the same followed by an fsync, our import in a child process as the receiving device (\`bench/bundle/import-child.ts\`: \`openBundleForImport\`, the merge, \`finishBundleImport\`, into an empty store of its own), and \`age -d | tar -x\` of our bundle; every output is deleted before the next run. Ours is timed inside the child from the call to its end (the records are loaded from JSON before); the references are timed around \`bash -c '… | …'\`. Everything reads from the page cache. Our export fsyncs the bundle and its folder; \`age\` does not (hence the row with an fsync). Our import does more than \`tar -x\`: evidence is never written in plaintext, so each file is encrypted again to the receiving device's key as it arrives and flushed to disk, where \`tar -x\` writes plaintext without an fsync. The merge runs ${commitPath === 'importBundle' ? "through the repository's `importBundle`" : 'through `createActor`/`createIncidents` in batches of 1,000, a stand-in while the merge (`importBundle`) is not in the repository: the same sealing and writing of rows and audit entries, without comparing revisions'}, on fake-indexeddb inside the child. The app merges in the renderer, into Chromium's IndexedDB: so the records main hands the renderer after the first run (\`opened-records-child.ts\`, untimed) are merged again, once per run, by \`chromium-merge.ts\` in Debian's Chromium (a Vite-built page, \`merge-page/\`, calling the same \`commitOpenedBundle\` on a repository with the receiving device's records key, each run into a new, empty database, timed in the page around the call), and the import as the app runs it adds that time to the child's open and finish of the same run. The memory figures come from one more export and two more imports of a store holding ${gib(r.memory.evidenceBytes)} of evidence (\`BENCH_BUNDLE_EVIDENCE_GB\`): one with the merge in the child, one without it (\`no-merge\`: every staged file committed, as when the merge names them all), which is main's share. All big files are deleted at the end.`,
  ];
  return lines.join('\n');
}

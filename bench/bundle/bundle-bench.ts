import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { EVIDENCE_DIRECTORY } from '../../electron/services/bundle/entry-names';
import { CHROMIUM_PATH } from '../../scripts/debian-chromium';
import { DOCUMENT_HEADER, replaceSection } from '../node/benchmarks-doc';
import { describeMachine } from '../node/machine';
import { runProcess, runWithCpuTime } from '../node/run-process';
import {
  evidenceSizesFor,
  PLAINTEXT_TAR_NAMES,
  prepareBenchData,
  type BenchSetup,
  type DataSize,
} from './bundle-data';
import { buildBenchChildren, type BundledChildren } from './bundled-children';
import { measureChromiumMerge } from './chromium-merge';
import {
  renderBundleSection,
  type BundleBenchResults,
  type ExportRun,
  type ImportRun,
  type ReferenceRun,
} from './bundle-doc';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'BENCHMARKS.md');
const RESULTS_DIR = join(ROOT, 'bench', '.results');
const SECTION_ID = 'issue-5-bundle';
const AGE = '/usr/bin/age';
const TAR = '/usr/bin/tar';

const FULL: { timed: DataSize; memoryActors: number; runs: number } = {
  timed: { incidents: 10_000, actors: 1_000, evidenceSizes: evidenceSizesFor(1) },
  memoryActors: 1_000,
  runs: 3,
};
const SMOKE: typeof FULL = {
  timed: { incidents: 300, actors: 50, evidenceSizes: evidenceSizesFor(16 / 1024, 8) },
  memoryActors: 50,
  runs: 1,
};

function log(message: string): void {
  process.stdout.write(`[bench:bundle ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runChild<T>(child: string, args: string[]): Promise<T> {
  // --expose-gc: the child collects the garbage of loading its setup before its peak RSS window.
  // No other flag: the child is plain bundled JavaScript (bundled-children.ts), as the app runs.
  const { stdout } = await runProcess(process.execPath, ['--expose-gc', child, ...args]);
  return JSON.parse(stdout) as T;
}

async function writeSetup(workDir: string, setup: BenchSetup): Promise<string> {
  const path = join(workDir, 'setup.json');
  await writeFile(path, JSON.stringify(setup), { mode: 0o600 });
  return path;
}

function checkExport(run: ExportRun, setup: BenchSetup): void {
  const { counts } = run;
  if (
    counts.incidents !== setup.records.incidents.length ||
    counts.evidenceFiles !== setup.evidenceFiles ||
    counts.evidenceBytes !== setup.evidenceBytes
  ) {
    throw new Error(`the export wrote other counts than the data: ${JSON.stringify(counts)}`);
  }
}

function checkImport(run: ImportRun, setup: BenchSetup): void {
  if (
    run.incidents !== setup.records.incidents.length ||
    run.evidenceFiles !== setup.evidenceFiles
  ) {
    throw new Error(`the import read other counts than the data: ${JSON.stringify(run)}`);
  }
}

/** Sum of the sizes of the regular files under `directory`. */
async function bytesUnder(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function fsyncFileAndFolder(path: string): Promise<void> {
  const file = await open(path, 'r');
  await file.sync();
  await file.close();
  const folder = await open(dirname(path), 'r');
  await folder.sync();
  await folder.close();
}

/** `tar -c` of the same plaintext files piped into `age -r` for the same recipients. */
function tarAgeArgs(plainDir: string, setup: BenchSetup, output: string): string[] {
  const tar = [TAR, '-c', '-f', '-', '-C', plainDir, ...PLAINTEXT_TAR_NAMES];
  const age = [
    AGE,
    '-r',
    setup.partner.ageRecipient,
    '-r',
    setup.device.ageRecipient,
    '-o',
    output,
  ];
  return ['-c', `set -o pipefail; ${shellJoin(tar)} | ${shellJoin(age)}`];
}

function ageTarArgs(identityFile: string, bundle: string, target: string): string[] {
  const age = [AGE, '-d', '-i', identityFile, bundle];
  const tar = [TAR, '-x', '-f', '-', '-C', target];
  return ['-c', `set -o pipefail; ${shellJoin(age)} | ${shellJoin(tar)}`];
}

function shellJoin(words: readonly string[]): string {
  return words.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
}

async function timedRuns(children: BundledChildren, workDir: string, size: DataSize, runs: number) {
  const plainDir = join(workDir, 'plain');
  log(
    `generating ${size.incidents} incidents and storing ${size.evidenceSizes.length} evidence files`,
  );
  const setup = await prepareBenchData(join(workDir, 'timed'), size, plainDir, log);
  const setupPath = await writeSetup(workDir, setup);
  const identityFile = join(workDir, 'partner.key');
  await writeFile(identityFile, `${setup.partner.ageIdentity}\n`, { mode: 0o600 });

  const exports: ExportRun[] = [];
  const imports: ImportRun[] = [];
  const tarAge: ReferenceRun[] = [];
  const tarAgeSynced: number[] = [];
  const ageTar: ReferenceRun[] = [];
  const openedJson = join(workDir, 'opened.json');
  let bundleBytes = 0;
  for (let run = 0; run < runs; run++) {
    const bundle = join(workDir, `ours-${run}.depter`);
    const exported = await runChild<ExportRun>(children.exportChild, [setupPath, bundle]);
    checkExport(exported, setup);
    exports.push(exported);
    bundleBytes = exported.size;
    log(`export run ${run + 1}: ${exported.exportMs.toFixed(0)} ms`);

    const reference = join(workDir, `reference-${run}.age`);
    tarAge.push(await runWithCpuTime('/bin/bash', tarAgeArgs(plainDir, setup, reference)));
    await rm(reference);
    log(`tar -c | age -r run ${run + 1}: ${tarAge.at(-1)!.ms.toFixed(0)} ms`);

    const syncedStart = performance.now();
    await runProcess('/bin/bash', tarAgeArgs(plainDir, setup, reference));
    await fsyncFileAndFolder(reference);
    tarAgeSynced.push(performance.now() - syncedStart);
    await rm(reference);
    log(`tar -c | age -r + fsync run ${run + 1}: ${tarAgeSynced.at(-1)!.toFixed(0)} ms`);

    const partnerStore = join(workDir, `partner-store-${run}`);
    const imported = await runChild<ImportRun>(children.importChild, [
      setupPath,
      bundle,
      partnerStore,
    ]);
    checkImport(imported, setup);
    imports.push(imported);
    await rm(partnerStore, { recursive: true, force: true });
    log(
      `import run ${run + 1}: open ${imported.openMs.toFixed(0)} ms + merge ${imported.commitMs.toFixed(0)} ms (${imported.commitPath}) + finish ${imported.finishMs.toFixed(0)} ms`,
    );

    const extracted = join(workDir, `extracted-${run}`);
    await mkdir(extracted);
    ageTar.push(await runWithCpuTime('/bin/bash', ageTarArgs(identityFile, bundle, extracted)));
    const extractedBytes = await bytesUnder(join(extracted, EVIDENCE_DIRECTORY));
    await rm(extracted, { recursive: true, force: true });
    if (extractedBytes !== setup.evidenceBytes) {
      throw new Error(`age -d | tar -x extracted ${extractedBytes} evidence bytes`);
    }
    log(`age -d | tar -x run ${run + 1}: ${ageTar.at(-1)!.ms.toFixed(0)} ms`);
    if (run === 0) {
      // What main hands the renderer, for the same merge in Chromium below (untimed).
      const dumpStore = join(workDir, 'opened-store');
      await runProcess(process.execPath, [
        children.openedRecordsChild,
        setupPath,
        bundle,
        dumpStore,
        openedJson,
      ]);
      await rm(dumpStore, { recursive: true, force: true });
    }
    await rm(bundle);
  }
  log(`merging the same records in Chromium's IndexedDB, ${runs} times`);
  const chromiumMerges = await measureChromiumMerge({
    openedJson,
    recordsKeyHex: setup.partner.recordsKeyHex,
    deviceId: setup.partner.deviceId,
    runs,
  });
  for (const [run, merge] of chromiumMerges.entries()) {
    log(`Chromium merge run ${run + 1}: ${merge.mergeMs.toFixed(0)} ms (${merge.commitPath})`);
  }
  await rm(openedJson);
  await rm(plainDir, { recursive: true, force: true });
  await rm(join(workDir, 'timed'), { recursive: true, force: true });
  const data = {
    incidents: setup.records.incidents.length,
    actors: setup.records.actors.length,
    evidenceFiles: setup.evidenceFiles,
    evidenceBytes: setup.evidenceBytes,
    bundleBytes,
  };
  return { data, exports, imports, chromiumMerges, tarAge, tarAgeSynced, ageTar };
}

/** One export and one import of a larger store, for peak RSS only; no plaintext kept. */
async function memoryRun(children: BundledChildren, workDir: string, size: DataSize) {
  log(`memory run: storing ${size.evidenceSizes.length} evidence files`);
  const setup = await prepareBenchData(join(workDir, 'memory'), size, undefined, log);
  const setupPath = await writeSetup(workDir, setup);
  const bundle = join(workDir, 'memory.depter');
  const exported = await runChild<ExportRun>(children.exportChild, [setupPath, bundle]);
  checkExport(exported, setup);
  log(`memory export: ${exported.exportMs.toFixed(0)} ms, RSS ${exported.maxRssKiB} KiB`);
  const partnerStore = join(workDir, 'memory-partner-store');
  const imported = await runChild<ImportRun>(children.importChild, [
    setupPath,
    bundle,
    partnerStore,
  ]);
  checkImport(imported, setup);
  log(`memory import: ${imported.openMs.toFixed(0)} ms to open, RSS ${imported.maxRssKiB} KiB`);
  await rm(partnerStore, { recursive: true, force: true });
  // Main's share as the app splits the work: the merge runs in the renderer.
  const mainImport = await runChild<ImportRun>(children.importChild, [
    setupPath,
    bundle,
    partnerStore,
    'no-merge',
  ]);
  checkImport(mainImport, setup);
  log(`memory import without the merge: RSS ${mainImport.maxRssKiB} KiB`);
  await rm(partnerStore, { recursive: true, force: true });
  await rm(bundle);
  await rm(join(workDir, 'memory'), { recursive: true, force: true });
  return {
    evidenceBytes: setup.evidenceBytes,
    export: exported,
    import: imported,
    mainImport,
  };
}

export async function main(): Promise<void> {
  const started = performance.now();
  const smoke = process.env.BENCH_BUNDLE_SMOKE === '1';
  const plan = smoke ? SMOKE : FULL;
  const requestedGiB = Number(process.env.BENCH_BUNDLE_EVIDENCE_GB);
  const memoryGiB = Number.isFinite(requestedGiB) && requestedGiB > 0 ? requestedGiB : 4;
  const memorySize: DataSize = {
    incidents: plan.timed.incidents,
    actors: plan.memoryActors,
    evidenceSizes: smoke ? evidenceSizesFor(32 / 1024, 16) : evidenceSizesFor(memoryGiB),
  };
  const machine = describeMachine(CHROMIUM_PATH);
  const ageVersion = execFileSync(AGE, ['--version'], { encoding: 'utf8' }).trim();
  const tarVersion = execFileSync(TAR, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
  log('bundling the export and import children as the app bundles its main process');
  const children = await buildBenchChildren();
  const workDir = await mkdtemp(join(tmpdir(), 'depter-bench-bundle-'));
  try {
    const timed = await timedRuns(children, workDir, plan.timed, plan.runs);
    const memory = await memoryRun(children, workDir, memorySize);
    const results: BundleBenchResults = {
      machine,
      ageVersion,
      tarVersion,
      ...timed,
      memory,
      loadAverageAtEnd: loadavg()[0] ?? 0,
      totalSeconds: (performance.now() - started) / 1000,
    };
    const section = renderBundleSection(results);
    process.stdout.write(`\n${section}\n`);
    if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
    await writeFile(
      join(RESULTS_DIR, `bundle-${machine.date.replaceAll(':', '-')}.json`),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    if (!smoke && memoryGiB === 4) {
      const current = existsSync(DOC) ? await readFile(DOC, 'utf8') : DOCUMENT_HEADER;
      const updated = replaceSection(current, SECTION_ID, section);
      const options = (await resolveConfig(DOC)) ?? {};
      await writeFile(DOC, await format(updated, { ...options, filepath: DOC }));
      log('docs/BENCHMARKS.md updated');
    } else {
      log('smoke or non-default run: docs/BENCHMARKS.md left as it is');
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

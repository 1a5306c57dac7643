import { execFileSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, statfs, truncate, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { generateX25519Identity } from '../../electron/services/age';
import { TMPFS_MAGIC } from '../../electron/services/evidence/direct-seal-lane';
import { deriveEvidenceNamingKey } from '../../electron/services/evidence/evidence-layout';
import {
  createEvidenceRequestHandler,
  PlaybackTokens,
} from '../../electron/services/evidence/evidence-protocol';
import { EvidenceStore } from '../../electron/services/evidence/evidence-store';
import { CHROMIUM_PATH } from '../../scripts/debian-chromium';
import { TYPESCRIPT_CHILD_NODE_ARGS } from '../../scripts/typescript-child-args';
import { DOCUMENT_HEADER, replaceSection } from '../node/benchmarks-doc';
import { describeMachine } from '../node/machine';
import { summarise } from '../page/stats';
import {
  renderEvidenceSection,
  type AttachComparison,
  type AttachRun,
  type EvidenceBenchResults,
} from './evidence-doc';
import { runProcess } from '../node/run-process';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'BENCHMARKS.md');
const RESULTS_DIR = join(ROOT, 'bench', '.results');
const AGE = '/usr/bin/age';
const GNU_TIME = '/usr/bin/time';
const CHILD = join(import.meta.dirname, 'attach-child.ts');

const FULL_ATTACH_MIB = 1024;
/** Five: one slow repetition (see "How it is measured") then moves no median. */
const RUNS = 5;
const SEEKS = 50;
const MIB = 1024 * 1024;

function log(message: string): void {
  process.stdout.write(`[bench:evidence ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Random content written in 8 MiB pieces, hashed on the way for the correctness check. */
async function writeRandomFile(path: string, mib: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'wx');
  const piece = Buffer.allocUnsafe(8 * MIB);
  try {
    for (let written = 0; written < mib * MIB; written += piece.length) {
      const part = piece.subarray(0, Math.min(piece.length, mib * MIB - written));
      randomFillSync(part);
      hash.update(part);
      await handle.write(part);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

async function attachInChild(
  storeDir: string,
  source: string,
  recipient: string,
  writes: 'direct-where-possible' | 'page-cache' = 'direct-where-possible',
) {
  const { stdout } = await runProcess(process.execPath, [
    ...TYPESCRIPT_CHILD_NODE_ARGS,
    CHILD,
    storeDir,
    source,
    recipient,
    ...(writes === 'page-cache' ? ['page-cache'] : []),
  ]);
  return JSON.parse(stdout) as AttachRun & { sha256: string; size: number };
}

/**
 * `age -r` writing its output file, timed around the whole process; GNU
 * time adds its CPU time (user + system), which other load on the machine
 * inflates far less than wall time.
 */
async function ageEncrypt(
  source: string,
  output: string,
  recipient: string,
): Promise<{ ms: number; cpuMs: number | null }> {
  if (!existsSync(GNU_TIME)) {
    const { ms } = await runProcess(AGE, ['-r', recipient, '-o', output, source]);
    return { ms, cpuMs: null };
  }
  const { ms, stderr } = await runProcess(GNU_TIME, [
    '-f',
    'cpu %U %S',
    AGE,
    '-r',
    recipient,
    '-o',
    output,
    source,
  ]);
  const match = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
  return { ms, cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : null };
}

/**
 * `age -r` and then an fsync of its output and folder, timed as one: the same
 * durability our attach gives (the evidence must be on disk before the record
 * says so). Without it, age's time ends while most of its output still sits in
 * the page cache, and the comparison is with the disk rather than with age.
 */
async function ageEncryptAndSync(
  source: string,
  output: string,
  recipient: string,
): Promise<number> {
  const started = performance.now();
  await runProcess(AGE, ['-r', recipient, '-o', output, source]);
  const file = await open(output, 'r');
  await file.sync();
  await file.close();
  const folder = await open(dirname(output), 'r');
  await folder.sync();
  await folder.close();
  return performance.now() - started;
}

async function measureSeeks(workDir: string, mib: number) {
  const source = join(workDir, 'seek-source.mp4');
  // Sparse except for an MP4 header: the stored file is full-size ciphertext all the same.
  await writeFile(source, Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'));
  await truncate(source, mib * MIB);
  const store = new EvidenceStore({ directory: join(workDir, 'seek-store') });
  const { identity, recipient } = generateX25519Identity();
  const keys = {
    ageIdentity: identity,
    ageRecipient: recipient,
    namingKey: deriveEvidenceNamingKey(Buffer.alloc(32, 1)),
  };
  log(`storing a ${mib} MiB file for the seek test`);
  const { sha256, size } = await store.attach(source, keys);
  await rm(source);
  const tokens = new PlaybackTokens();
  const handler = createEvidenceRequestHandler({
    tokens,
    openReader: (sha) => store.openReader(sha, keys),
  });
  const url = tokens.issue(sha256);

  async function firstByteMs(position: number): Promise<number> {
    const started = performance.now();
    const response = await handler(new Request(url, { headers: { Range: `bytes=${position}-` } }));
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const elapsed = performance.now() - started;
    if (response.status !== 206 || value === undefined || value.length === 0) {
      throw new Error(`seek to ${position}: status ${response.status}, no body`);
    }
    await reader.cancel();
    return elapsed;
  }

  // One untimed request: the first one also loads code paths and the last chunk into the cache.
  await firstByteMs(Math.floor(size / 2));
  const samples: number[] = [];
  for (let index = 0; index < SEEKS; index++) {
    const position = Math.floor(size / 4 + Math.random() * (size / 2));
    samples.push(await firstByteMs(position));
  }
  return { fileMiB: mib, latency: summarise(samples) };
}

/** tmpfs for the CPU-only comparison: there fsync has nothing to flush and writes never wait for a disk. */
const TMPFS = '/dev/shm';

/** The tmpfs folder when it has room for the source, one stored copy and one age output. */
async function tmpfsWithRoom(mib: number): Promise<string | null> {
  try {
    const facts = await statfs(TMPFS);
    const room = facts.bavail * facts.bsize >= 3.5 * mib * MIB;
    return facts.type === TMPFS_MAGIC && room ? TMPFS : null;
  } catch {
    return null;
  }
}

/**
 * The disk's own part of a durable attach: a copy of the source is written
 * into the page cache untimed (read and write, 1 MiB at a time), then only
 * its fsync (and the folder's) is
 * timed. Writing into the page cache is CPU work that age does too; this is
 * what waiting for the disk adds on top.
 */
async function flushOnly(source: string, output: string): Promise<number> {
  // Plain reads and writes: copyFile's copy_file_range leaves nothing dirty to flush on this kernel.
  const from = await open(source, 'r');
  const file = await open(output, 'wx');
  let started: number;
  try {
    const piece = Buffer.allocUnsafe(MIB);
    for (;;) {
      const { bytesRead } = await from.read(piece, 0, piece.length);
      if (bytesRead === 0) break;
      await file.write(piece, 0, bytesRead);
    }
    started = performance.now();
    await file.sync();
  } finally {
    await file.close();
    await from.close();
  }
  const folder = await open(dirname(output), 'r');
  await folder.sync();
  await folder.close();
  return performance.now() - started;
}

/**
 * Our attach, `age -r` and (on a disk) our attach through the page cache,
 * `age -r` + fsync and the fsync alone, alternating RUNS times on one
 * folder's file system.
 */
async function compareIn(
  folder: string,
  attachMiB: number,
  recipient: string,
  onDisk: boolean,
): Promise<AttachComparison> {
  const where = onDisk ? 'disk' : 'tmpfs';
  const source = join(folder, 'source.bin');
  log(`${where}: writing ${attachMiB} MiB of random data into ${folder}`);
  const sourceSha = await writeRandomFile(source, attachMiB);
  const comparison: AttachComparison = {
    folder,
    ours: [],
    oursPageCache: [],
    ageMs: [],
    ageCpuMs: [],
    ageSyncedMs: [],
    flushMs: [],
  };
  try {
    for (let run = 0; run < RUNS; run++) {
      const storeDir = join(folder, 'store');
      const result = await attachInChild(storeDir, source, recipient);
      if (result.sha256 !== sourceSha || result.size !== attachMiB * MIB) {
        throw new Error('the attach produced a wrong hash or size');
      }
      comparison.ours.push(result);
      await rm(storeDir, { recursive: true, force: true });
      log(`${where} attach run ${run + 1}: ${result.attachMs.toFixed(0)} ms`);

      if (onDisk) {
        const throughCache = await attachInChild(storeDir, source, recipient, 'page-cache');
        if (throughCache.sha256 !== sourceSha) throw new Error('the attach produced a wrong hash');
        comparison.oursPageCache.push(throughCache);
        await rm(storeDir, { recursive: true, force: true });
        log(
          `${where} attach through the page cache run ${run + 1}: ${throughCache.attachMs.toFixed(0)} ms`,
        );
      }

      const output = join(folder, 'age-output.age');
      const ageRun = await ageEncrypt(source, output, recipient);
      comparison.ageMs.push(ageRun.ms);
      if (ageRun.cpuMs !== null) comparison.ageCpuMs.push(ageRun.cpuMs);
      await rm(output, { force: true });
      log(`${where} age -r run ${run + 1}: ${ageRun.ms.toFixed(0)} ms`);
      if (!onDisk) continue;

      comparison.ageSyncedMs.push(await ageEncryptAndSync(source, output, recipient));
      await rm(output, { force: true });
      log(
        `${where} age -r + fsync run ${run + 1}: ${comparison.ageSyncedMs.at(-1)!.toFixed(0)} ms`,
      );

      const copy = join(folder, 'flushed-copy.bin');
      comparison.flushMs.push(await flushOnly(source, copy));
      await rm(copy, { force: true });
      log(
        `${where} fsync of a written copy run ${run + 1}: ${comparison.flushMs.at(-1)!.toFixed(0)} ms`,
      );
    }
  } finally {
    await rm(source, { force: true });
  }
  return comparison;
}

export async function main(): Promise<void> {
  const started = performance.now();
  const requested = Number(process.env.BENCH_EVIDENCE_MB);
  const attachMiB = Number.isInteger(requested) && requested > 0 ? requested : FULL_ATTACH_MIB;
  const fullRun = attachMiB === FULL_ATTACH_MIB;
  const machine = describeMachine(CHROMIUM_PATH);
  const ageVersion = execFileSync(AGE, ['--version'], { encoding: 'utf8' }).trim();
  const workDir = await mkdtemp(join(tmpdir(), 'depter-bench-evidence-'));
  const tmpfsRoot = await tmpfsWithRoom(attachMiB);
  const tmpfsDir =
    tmpfsRoot === null ? null : await mkdtemp(join(tmpfsRoot, 'depter-bench-evidence-'));
  try {
    const { recipient } = generateX25519Identity();
    const disk = await compareIn(workDir, attachMiB, recipient, true);
    const tmpfs = tmpfsDir === null ? null : await compareIn(tmpfsDir, attachMiB, recipient, false);
    if (tmpfsDir === null)
      log(`no tmpfs with room at ${TMPFS}: the CPU-only comparison is left out`);

    const seek = await measureSeeks(workDir, attachMiB * 2);
    const results: EvidenceBenchResults = {
      machine,
      ageVersion,
      attachMiB,
      disk,
      tmpfs,
      seek,
      loadAverageAtEnd: loadavg()[0] ?? 0,
      totalSeconds: (performance.now() - started) / 1000,
    };
    const section = renderEvidenceSection(results);
    process.stdout.write(`\n${section}\n`);
    if (!existsSync(RESULTS_DIR)) mkdirSync(RESULTS_DIR, { recursive: true });
    await writeFile(
      join(RESULTS_DIR, `evidence-${machine.date.replaceAll(':', '-')}.json`),
      `${JSON.stringify(results, null, 2)}\n`,
    );
    if (fullRun) {
      const current = existsSync(DOC) ? await readFile(DOC, 'utf8') : DOCUMENT_HEADER;
      const updated = replaceSection(current, 'issue-4-evidence', section);
      const options = (await resolveConfig(DOC)) ?? {};
      await writeFile(DOC, await format(updated, { ...options, filepath: DOC }));
      log('docs/BENCHMARKS.md updated');
    } else {
      log(`smoke run (${attachMiB} MiB): docs/BENCHMARKS.md left as it is`);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
    if (tmpfsDir !== null) await rm(tmpfsDir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContract, type ApiInput, type BundleProgress } from '../../../src/domain/api';
import { encrypt, generateX25519Identity } from '../age';
import { BundleError, openBundle } from '../bundle';
import { makeRecords, makeTempDir, removeDir } from '../bundle/bundle-fixtures.testing';
import type { VaultSessionKeys } from '../api-handlers';
import { evidenceKeysOf } from '../evidence/evidence-handlers';
import { EvidenceLayout, storedFileName } from '../evidence/evidence-layout';
import { EvidenceError } from '../evidence/evidence-store-types';
import { EvidenceStore } from '../evidence/evidence-store';
import { generateVaultKeys } from '../vault/key-file';
import { BundleJobs } from './bundle-jobs';
import {
  createExportHandlers,
  EXPORT_PROGRESS_INTERVAL_MS,
  exportFailure,
} from './export-handlers';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('depter-export-');
});
afterEach(async () => {
  await removeDir(dir);
});

const JOB = 'export-job-0000000001';

interface Harness {
  handlers: ReturnType<typeof createExportHandlers>['handlers'];
  endSession(): void;
  jobs: BundleJobs;
  keys: VaultSessionKeys;
  progress: BundleProgress[];
  /** performance.now() of each progress event. */
  progressAt: number[];
  outDir: string;
  store: EvidenceStore;
  lock(): void;
}

async function harness(savedName: string | null = 'x.depter'): Promise<Harness> {
  const vaultKeys = generateVaultKeys();
  let keys: VaultSessionKeys | null = vaultKeys;
  const outDir = join(dir, 'out');
  await mkdir(outDir, { recursive: true });
  const store = new EvidenceStore({ directory: join(dir, 'evidence') });
  const progress: BundleProgress[] = [];
  const progressAt: number[] = [];
  const jobs = new BundleJobs();
  const set = createExportHandlers({
    vault: { keys: () => keys },
    store,
    chooseOpenPaths: async () => [],
    chooseSavePath: async () => (savedName === null ? null : join(outDir, savedName)),
    emitProgress: (event) => {
      progress.push(event);
      progressAt.push(performance.now());
    },
    workDir: join(dir, 'work'),
    jobs,
  });
  return {
    ...set,
    jobs,
    keys: vaultKeys,
    progress,
    progressAt,
    outDir,
    store,
    lock: () => {
      keys = null;
    },
  };
}

/** The fixture records with their evidence files sealed into the real store. */
async function storedRecords(h: Harness, sizes?: number[]) {
  const fixture = await makeRecords(dir, h.keys.deviceId, sizes);
  const evidenceKeys = evidenceKeysOf(h.keys);
  if (!evidenceKeys) throw new Error('no keys');
  for (const file of fixture.files) {
    await h.store.attach(file.path, evidenceKeys);
    await h.store.commit(file.sha256, evidenceKeys);
  }
  return withLineage(fixture);
}

function withLineage<T extends { lineage?: unknown[] }>(fixture: T): T & { lineage: unknown[] } {
  return { ...fixture, lineage: fixture.lineage ?? [] };
}

function exportInput(
  targetId: string,
  records: ApiInput<'exportBundle'>['records'],
  overrides: Partial<ApiInput<'exportBundle'>> = {},
): ApiInput<'exportBundle'> {
  return {
    jobId: JOB,
    targetId,
    recipients: [],
    senderName: 'Монитор в Оше',
    scope: { kind: 'full' },
    records,
    includeEvidence: true,
    volumeSize: null,
    csvLanguage: 'ru',
    ...overrides,
  };
}

/** Where the store keeps the sealed file of `sha256`. */
function storedPath(h: Harness, sha256: string): string {
  const keys = evidenceKeysOf(h.keys);
  if (!keys) throw new Error('no keys');
  return new EvidenceLayout(join(dir, 'evidence')).committedPath(
    storedFileName(keys.namingKey, sha256),
  );
}

async function chooseTarget(h: Harness): Promise<string> {
  const { target } = await h.handlers.chooseBundleTarget({ suggestedName: 'x.depter' });
  if (!target) throw new Error('no target');
  return target.targetId;
}

describe('chooseBundleTarget', () => {
  it('answers an id and the file name only, with the .depter extension', async () => {
    const h = await harness('для партнёра');
    const answer = await h.handlers.chooseBundleTarget({ suggestedName: 'depter-2026-12-04' });
    expect(apiContract.chooseBundleTarget.output.parse(answer)).toEqual(answer);
    expect(answer.target?.name).toBe('для партнёра.depter');
    expect(answer.target?.targetId).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('answers null when the user cancels', async () => {
    const h = await harness(null);
    expect(await h.handlers.chooseBundleTarget({ suggestedName: 'x.depter' })).toEqual({
      target: null,
    });
  });
});

describe('exportBundle', () => {
  it('writes a bundle the partner and the sender open, and that Debian age decrypts', async () => {
    const h = await harness();
    const partner = generateX25519Identity();
    const fixture = await storedRecords(h);
    const targetId = await chooseTarget(h);
    const answer = await h.handlers.exportBundle(
      exportInput(targetId, fixture, { recipients: [partner.recipient, partner.recipient] }),
    );
    expect(apiContract.exportBundle.output.parse(answer)).toEqual(answer);
    if (!answer.ok) throw new Error(answer.error);
    expect(answer.files).toEqual(['x.depter']);
    expect(answer.counts).toMatchObject({ incidents: 2, actors: 1, evidence: 2, evidenceFiles: 2 });
    const path = join(h.outDir, 'x.depter');

    const forPartner = await openBundle(path, [partner.identity]);
    expect(forPartner.manifest.sender).toEqual({
      deviceId: h.keys.deviceId,
      name: 'Монитор в Оше',
      signingPublicKey: h.keys.signingPublicKey.toString('base64'),
      ageRecipient: h.keys.ageRecipient,
    });
    expect(forPartner.bundle.sha256).toBe(answer.sha256);
    expect(forPartner.records.lineage).toHaveLength(2);
    await openBundle(path, [h.keys.ageIdentity]);

    await writeFile(join(dir, 'partner-key.txt'), `${partner.identity}\n`);
    const listed = execFileSync('sh', ['-ec', 'age -d -i partner-key.txt out/x.depter | tar -t'], {
      cwd: dir,
    })
      .toString()
      .trim()
      .split('\n');
    expect(listed).toEqual(expect.arrayContaining(['manifest.json', 'incidents.jsonl']));
    for (const file of fixture.files) {
      expect(listed.some((name) => name.startsWith(`evidence/${file.sha256}.`))).toBe(true);
    }

    expect(h.progress.length).toBeGreaterThan(0);
    expect(h.progress.every((event) => event.jobId === JOB && event.phase === 'export')).toBe(true);
    const last = h.progress.at(-1);
    expect(last?.bytesDone).toBe(last?.bytesTotal);
  });

  it('reports progress at most about five times a second, ending at the total', async () => {
    const h = await harness();
    const fixture = await storedRecords(h, [48 * 1024 * 1024]);
    const targetId = await chooseTarget(h);
    const answer = await h.handlers.exportBundle(exportInput(targetId, fixture));
    expect(answer.ok).toBe(true);
    const gaps = h.progressAt.slice(1, -1).map((at, index) => at - h.progressAt[index]!);
    expect(gaps.every((gap) => gap >= EXPORT_PROGRESS_INTERVAL_MS - 1)).toBe(true);
    const done = h.progress.map((event) => event.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(h.progress.at(-1)?.bytesDone).toBeGreaterThan(48 * 1024 * 1024);
  });

  it('leaves no file when cancelled mid-way', async () => {
    const h = await harness();
    const fixture = await storedRecords(h, [24 * 1024 * 1024]);
    const targetId = await chooseTarget(h);
    const running = h.handlers.exportBundle(exportInput(targetId, fixture));
    while (h.progress.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(h.jobs.cancel(JOB)).toBe(true);
    expect(await running).toEqual({ ok: false, error: 'CANCELLED' });
    expect(await readdir(h.outDir)).toEqual([]);
  });

  it('refuses while locked, and an unknown or forgotten target', async () => {
    const h = await harness();
    const fixture = await storedRecords(h);
    const targetId = await chooseTarget(h);
    expect(await h.handlers.exportBundle(exportInput('unknown-target-000001', fixture))).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
    h.endSession();
    expect(await h.handlers.exportBundle(exportInput(targetId, fixture))).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
    const again = await chooseTarget(h);
    h.lock();
    expect(await h.handlers.exportBundle(exportInput(again, fixture))).toEqual({
      ok: false,
      error: 'LOCKED',
    });
    expect(await readdir(h.outDir)).toEqual([]);
  });

  it('refuses to replace an existing file and leaves it untouched', async () => {
    const h = await harness();
    const fixture = await storedRecords(h);
    await writeFile(join(h.outDir, 'x.depter'), 'an older bundle');
    const targetId = await chooseTarget(h);
    expect(await h.handlers.exportBundle(exportInput(targetId, fixture))).toEqual({
      ok: false,
      error: 'OUTPUT_EXISTS',
    });
    expect(await readFile(join(h.outDir, 'x.depter'), 'utf8')).toBe('an older bundle');
    expect(await readdir(h.outDir)).toEqual(['x.depter']);
  });

  it('says EVIDENCE_UNAVAILABLE when a stored file is missing, and writes nothing', async () => {
    const h = await harness();
    const fixture = withLineage(await makeRecords(dir, h.keys.deviceId));
    const targetId = await chooseTarget(h);
    expect(await h.handlers.exportBundle(exportInput(targetId, fixture))).toEqual({
      ok: false,
      error: 'EVIDENCE_UNAVAILABLE',
    });
    expect(await readdir(h.outDir)).toEqual([]);
  });

  it('says EVIDENCE_HASH_MISMATCH when a stored file decrypts to other bytes, and writes nothing', async () => {
    const h = await harness();
    const fixture = await storedRecords(h, [3 * 1024 * 1024 + 5]);
    const [file] = fixture.files;
    if (!file) throw new Error('no evidence file');
    // Validly sealed to this device, so only the re-hash can tell.
    const other = Buffer.from(file.bytes);
    other[2 * 1024 * 1024] = other[2 * 1024 * 1024]! ^ 1;
    await writeFile(
      storedPath(h, file.sha256),
      await encrypt(other, { recipients: [h.keys.ageRecipient] }),
    );
    const targetId = await chooseTarget(h);
    expect(await h.handlers.exportBundle(exportInput(targetId, fixture))).toEqual({
      ok: false,
      error: 'EVIDENCE_HASH_MISMATCH',
    });
    expect(await readdir(h.outDir)).toEqual([]);
  });

  it('says EVIDENCE_UNAVAILABLE when a stored file fails authentication part-way, and writes nothing', async () => {
    const h = await harness();
    const fixture = await storedRecords(h, [3 * 1024 * 1024 + 5]);
    const [file] = fixture.files;
    if (!file) throw new Error('no evidence file');
    const stored = await readFile(storedPath(h, file.sha256));
    // A byte of a chunk about 2 MiB in: the header and the final chunk still open.
    stored[stored.length - 1024 * 1024] = stored[stored.length - 1024 * 1024]! ^ 1;
    await writeFile(storedPath(h, file.sha256), stored);
    const targetId = await chooseTarget(h);
    expect(await h.handlers.exportBundle(exportInput(targetId, fixture))).toEqual({
      ok: false,
      error: 'EVIDENCE_UNAVAILABLE',
    });
    expect(await readdir(h.outDir)).toEqual([]);
  });

  it('refuses evidence records without evidence files, and invalid records', async () => {
    const h = await harness();
    const fixture = await storedRecords(h);
    const targetId = await chooseTarget(h);
    expect(
      await h.handlers.exportBundle(exportInput(targetId, fixture, { includeEvidence: false })),
    ).toEqual({ ok: false, error: 'INPUT_INVALID' });
    expect(
      await h.handlers.exportBundle(
        exportInput(targetId, { ...fixture, incidents: [{ id: 'not a record' }] }),
      ),
    ).toEqual({ ok: false, error: 'INPUT_INVALID' });
    expect(await readdir(h.outDir)).toEqual([]);
  });

  it('writes volumes when asked, named without folders', async () => {
    const h = await harness();
    const fixture = await storedRecords(h, [3 * 1024 * 1024]);
    const targetId = await chooseTarget(h);
    const answer = await h.handlers.exportBundle(
      exportInput(targetId, fixture, { volumeSize: 1024 * 1024 }),
    );
    if (!answer.ok) throw new Error(answer.error);
    expect(answer.files).toEqual(['x.depter.001', 'x.depter.002', 'x.depter.003', 'x.depter.004']);
    expect((await readdir(h.outDir)).sort()).toEqual(answer.files);
  });
});

describe('exportFailure', () => {
  it('maps each kind of failure to the contract name', () => {
    expect(exportFailure(new BundleError('OUTPUT_EXISTS', 'x'))).toBe('OUTPUT_EXISTS');
    expect(exportFailure(new EvidenceError('DAMAGED', 'x'))).toBe('EVIDENCE_UNAVAILABLE');
    expect(exportFailure(new DOMException('stop', 'AbortError'))).toBe('CANCELLED');
    expect(exportFailure(Object.assign(new Error('full'), { code: 'ENOSPC' }))).toBe('DISK_FULL');
    expect(exportFailure(Object.assign(new Error('no'), { code: 'EACCES' }))).toBe('IO_FAILED');
    const bug = new TypeError('a bug');
    expect(() => exportFailure(bug)).toThrow(bug);
  });
});

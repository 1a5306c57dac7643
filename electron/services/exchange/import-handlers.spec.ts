import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContract, type BundleProgress } from '../../../src/domain/api';
import type { VaultSessionKeys } from '../api-handlers';
import { decrypt, encrypt } from '../age';
import { seededRandom } from '../../../scripts/seeded-random';
import {
  makeRecords,
  makeTempDir,
  mutateBytes,
  newSender,
  removeDir,
  signedHead,
  tarEntries,
  untar,
  writeFixtureBundle,
  type RecordsFixture,
  type SenderKeys,
} from '../bundle/bundle-fixtures.testing';
import { BundleError } from '../bundle/errors';
import { manifestBytes, type BundleManifest } from '../bundle/manifest';
import { encodeHeader } from '../bundle/tar-header';
import { evidenceKeysOf } from '../evidence/evidence-handlers';
import { EvidenceStore } from '../evidence/evidence-store';
import { EvidenceError } from '../evidence/evidence-store-types';
import { listStore } from '../evidence/evidence-test-support.testing';
import { generateVaultKeys } from '../vault/key-file';
import { BundleJobs } from './bundle-jobs';
import { createImportHandlers, importFailure } from './import-handlers';

let dir: string;
let storeDir: string;
let store: EvidenceStore;
let deviceKeys: VaultSessionKeys;
let unlocked: boolean;
let chosen: string[];
let progress: BundleProgress[];
let jobs: BundleJobs;
let sender: SenderKeys;
let records: RecordsFixture;

beforeEach(async () => {
  dir = await makeTempDir('depter-import-');
  storeDir = join(dir, 'evidence');
  store = new EvidenceStore({ directory: storeDir });
  deviceKeys = generateVaultKeys() as VaultSessionKeys;
  unlocked = true;
  chosen = [];
  progress = [];
  jobs = new BundleJobs();
  sender = newSender('Monitor in Osh');
  records = await makeRecords(dir, sender.sender.deviceId, [1000, 300_000]);
});
afterEach(async () => {
  await removeDir(dir);
});

function makeImport() {
  return createImportHandlers({
    vault: { keys: () => (unlocked ? deviceKeys : null) },
    store,
    chooseOpenPaths: async () => chosen.splice(0),
    chooseSavePath: async () => null,
    emitProgress: (event) => progress.push(event),
    workDir: join(dir, 'work'),
    jobs,
  });
}

const JOB = 'job-0123456789abcdef';

async function bundleFor(name = 'in.depter', recipients = [deviceKeys.ageRecipient]) {
  const path = join(dir, name);
  await writeFixtureBundle(sender, records, path, recipients);
  return path;
}

async function choose(imports: ReturnType<typeof makeImport>, paths: string[]) {
  chosen = [...paths];
  const { source } = await imports.handlers.chooseBundleSource(undefined);
  if (source === null) throw new Error('nothing chosen');
  return source.sourceId;
}

function keysOfStore() {
  return evidenceKeysOf(deviceKeys)!;
}

describe('import handlers with the real store', () => {
  it('opens a bundle: records with lineage, sender and fingerprint, new files staged uncommitted', async () => {
    const imports = makeImport();
    const path = await bundleFor();
    const answer = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [path]),
      jobId: JOB,
    });
    if (!answer.ok) throw new Error(answer.error);
    expect(apiContract.openBundleForImport.output.parse(answer)).toEqual(answer);
    expect(answer.sender.name).toBe('Monitor in Osh');
    expect(answer.sender.fingerprint).toMatch(/^(\d{5} ){5}\d{5}$/);
    expect(answer.records.incidents).toEqual(records.incidents);
    expect(answer.records.lineage).toEqual(records.lineage);
    expect(answer.files).toEqual(['in.depter']);
    expect(answer.sha256).toBe(
      createHash('sha256')
        .update(await readFile(path))
        .digest('hex'),
    );
    expect(answer.stagedFiles.sort()).toEqual(records.files.map((file) => file.sha256).sort());
    expect((await listStore(storeDir)).every((name) => name.startsWith('incoming/'))).toBe(true);
    expect(progress.at(-1)).toEqual({
      jobId: JOB,
      phase: 'import',
      bytesDone: answer.size,
      bytesTotal: answer.size,
    });

    const [first, second] = answer.stagedFiles as [string, string];
    const finished = await imports.handlers.finishBundleImport({
      importId: answer.importId,
      commit: [first],
    });
    expect(finished).toEqual({ ok: true, committed: 1, discarded: 1 });
    const reader = await store.openReader(first, keysOfStore());
    const file = records.files.find((candidate) => candidate.sha256 === first)!;
    expect((await reader.read(0, reader.size)).equals(file.bytes)).toBe(true);
    await reader.close();
    expect(await store.verify(second, keysOfStore())).toBe('MISSING');
    expect(await listStore(storeDir)).toHaveLength(1);
    expect(
      await imports.handlers.finishBundleImport({ importId: answer.importId, commit: [] }),
    ).toEqual({ ok: false, error: 'UNKNOWN_IMPORT' });
  });

  it('stages nothing for files already in the store, and declining keeps them', async () => {
    const imports = makeImport();
    const path = await bundleFor();
    const first = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [path]),
      jobId: JOB,
    });
    if (!first.ok) throw new Error(first.error);
    await imports.handlers.finishBundleImport({
      importId: first.importId,
      commit: [...first.stagedFiles],
    });
    const before = await listStore(storeDir);
    const again = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [path]),
      jobId: JOB,
    });
    if (!again.ok) throw new Error(again.error);
    expect(again.stagedFiles).toEqual([]);
    await imports.handlers.finishBundleImport({ importId: again.importId, commit: [] });
    expect(await listStore(storeDir)).toEqual(before);
  });

  it('keeps a file two open imports share until the last one lets go', async () => {
    const imports = makeImport();
    const path = await bundleFor();
    const a = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [path]),
      jobId: JOB,
    });
    const b = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [path]),
      jobId: JOB,
    });
    if (!a.ok || !b.ok) throw new Error('open failed');
    expect(b.stagedFiles.sort()).toEqual([...a.stagedFiles].sort());
    expect(await imports.handlers.finishBundleImport({ importId: a.importId, commit: [] })).toEqual(
      { ok: true, committed: 0, discarded: 0 },
    );
    expect(
      await imports.handlers.finishBundleImport({
        importId: b.importId,
        commit: [...b.stagedFiles],
      }),
    ).toEqual({ ok: true, committed: 2, discarded: 0 });
    for (const sha256 of b.stagedFiles)
      expect(await store.verify(sha256, keysOfStore())).toBeNull();
  });

  it('refuses to commit a file this import did not stage, and keeps the import open', async () => {
    const imports = makeImport();
    const answer = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [await bundleFor()]),
      jobId: JOB,
    });
    if (!answer.ok) throw new Error(answer.error);
    expect(
      await imports.handlers.finishBundleImport({
        importId: answer.importId,
        commit: ['a'.repeat(64)],
      }),
    ).toEqual({ ok: false, error: 'INPUT_INVALID' });
    expect(
      await imports.handlers.finishBundleImport({ importId: answer.importId, commit: [] }),
    ).toEqual({ ok: true, committed: 0, discarded: 2 });
    expect(await listStore(storeDir)).toEqual([]);
  });

  it('answers LOCKED and UNKNOWN_SOURCE, and reads nothing', async () => {
    const imports = makeImport();
    const sourceId = await choose(imports, [await bundleFor()]);
    unlocked = false;
    expect(await imports.handlers.openBundleForImport({ sourceId, jobId: JOB })).toEqual({
      ok: false,
      error: 'LOCKED',
    });
    unlocked = true;
    expect(
      await imports.handlers.openBundleForImport({
        sourceId: 'never-chosen-0123456',
        jobId: JOB,
      }),
    ).toEqual({ ok: false, error: 'UNKNOWN_SOURCE' });
    expect(await listStore(storeDir)).toEqual([]);
  });

  it('answers null when the dialog is cancelled, and offers bundles and first volumes', async () => {
    let filters: unknown;
    const imports = createImportHandlers({
      vault: { keys: () => deviceKeys },
      store,
      chooseOpenPaths: async (options) => {
        filters = options;
        return [];
      },
      chooseSavePath: async () => null,
      emitProgress: () => undefined,
      workDir: dir,
      jobs,
    });
    expect(await imports.handlers.chooseBundleSource(undefined)).toEqual({ source: null });
    expect(filters).toMatchObject({
      multiple: true,
      filters: [{ extensions: ['depter', '001'] }, { extensions: ['*'] }],
    });
  });

  it('cancelled part-way: CANCELLED, and every file it staged is gone', async () => {
    records = await makeRecords(dir, sender.sender.deviceId, [300_000, 4_000_000, 1000]);
    const imports = makeImport();
    const sourceId = await choose(imports, [await bundleFor('big.depter')]);
    const listings: string[][] = [];
    const opening = imports.handlers.openBundleForImport({ sourceId, jobId: JOB });
    // Cancel once the first evidence file reached the store.
    for (let tries = 0; tries < 2000; tries++) {
      const listing = await listStore(storeDir);
      if (listing.some((name) => /^incoming\/[0-9a-f]{64}\.age$/.test(name))) {
        listings.push(listing);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(jobs.cancel(JOB)).toBe(true);
    expect(await opening).toEqual({ ok: false, error: 'CANCELLED' });
    expect(listings).toHaveLength(1);
    expect(await listStore(storeDir)).toEqual([]);
  });

  it('a bundle split into volumes, chosen as all of them', async () => {
    const imports = makeImport();
    const path = join(dir, 'split.depter');
    const written = await writeFixtureBundle(sender, records, path, [deviceKeys.ageRecipient], {
      volumeSize: 100_000,
    });
    expect(written.paths.length).toBeGreaterThan(2);
    const answer = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, written.paths),
      jobId: JOB,
    });
    if (!answer.ok) throw new Error(answer.error);
    expect(answer.files).toEqual(written.paths.map((volume) => volume.slice(dir.length + 1)));
  });

  it('at a lock forgets chosen files and open imports', async () => {
    const imports = makeImport();
    const sourceId = await choose(imports, [await bundleFor()]);
    const other = await choose(imports, [await bundleFor('second.depter')]);
    const answer = await imports.handlers.openBundleForImport({ sourceId: other, jobId: JOB });
    if (!answer.ok) throw new Error(answer.error);
    imports.endSession();
    expect(await imports.handlers.openBundleForImport({ sourceId, jobId: JOB })).toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
    expect(
      await imports.handlers.finishBundleImport({ importId: answer.importId, commit: [] }),
    ).toEqual({ ok: false, error: 'UNKNOWN_IMPORT' });
    // Left uncommitted for the next unlock's reconcile, which deletes what no record names.
    expect(await store.reconcile([], keysOfStore())).toEqual({
      missing: [],
      removedUncommitted: 2,
    });
  });
});

describe('bad bundles leave the evidence store exactly as it was', () => {
  let committedBefore: string[];
  let body: { name: string; data: Buffer }[];
  let manifest: BundleManifest;

  beforeEach(async () => {
    // One file already committed, so "as before" is not just "empty".
    const earlier = Buffer.from('an earlier file');
    const sha256 = createHash('sha256').update(earlier).digest('hex');
    const once = async function* () {
      yield earlier;
    };
    await store.attachStream(once(), { sha256, size: earlier.length }, keysOfStore());
    await store.commit(sha256, keysOfStore());
    committedBefore = await listStore(storeDir);
    const valid = await readFile(await bundleFor('valid.depter'));
    const entries = await untar(await decrypt(valid, { identities: [deviceKeys.ageIdentity] }));
    manifest = JSON.parse(entries[0]!.data.toString('utf8')) as BundleManifest;
    body = entries.slice(2);
  });

  async function importBytes(bytes: Buffer): Promise<string> {
    const imports = makeImport();
    const path = join(dir, 'bad.depter');
    await writeFile(path, bytes);
    const answer = await imports.handlers.openBundleForImport({
      sourceId: await choose(imports, [path]),
      jobId: JOB,
    });
    expect(await listStore(storeDir)).toEqual(committedBefore);
    if (answer.ok) throw new Error('a bad bundle was accepted');
    return answer.error;
  }

  async function sealed(payload: Buffer): Promise<Buffer> {
    return encrypt(payload, { recipients: [deviceKeys.ageRecipient] });
  }

  /** The valid bundle with its last data file (after the evidence has streamed) made invalid. */
  async function withBrokenLastEntry(): Promise<Buffer> {
    const last = body.at(-1)!;
    const flipped = Buffer.from(last.data);
    flipped[flipped.length - 1]! ^= 1;
    const entries = body.map((entry) => (entry === last ? { ...last, data: flipped } : entry));
    return sealed(Buffer.concat([await signedHead(sender, manifest), await tarEntries(entries)]));
  }

  it.each([
    ['not a bundle', async () => Buffer.from('just some text, not an age file\n'), 'NOT_A_BUNDLE'],
    [
      'not addressed to me',
      async () => readFile(await bundleFor('other.depter', [newSender().identity.recipient])),
      'NOT_ADDRESSED_TO_ME',
    ],
    [
      'cut short in its last chunk, after evidence was sealed (age: the chunk fails authentication)',
      async () => {
        const bytes = await readFile(join(dir, 'valid.depter'));
        return bytes.subarray(0, bytes.length - 100);
      },
      'DAMAGED',
    ],
    [
      'one flipped byte in the last chunk',
      async () => {
        const bytes = Buffer.from(await readFile(join(dir, 'valid.depter')));
        bytes[bytes.length - 10]! ^= 1;
        return bytes;
      },
      'DAMAGED',
    ],
    [
      'a manifest edited after signing',
      async () => {
        const edited = manifestBytes({ ...manifest, scope: { kind: 'selection' } });
        const head = await signedHead(sender, manifest, {
          manifestBytes: edited,
          signedBytes: manifestBytes(manifest),
        });
        return sealed(Buffer.concat([head, await tarEntries(body)]));
      },
      'BAD_SIGNATURE',
    ],
    ['an evidence file that does not match its hash', null, 'ENTRY_HASH_MISMATCH'],
    [
      'an unknown format version',
      async () =>
        sealed(
          Buffer.concat([
            await signedHead(sender, { ...manifest, version: 2 as 1 }),
            await tarEntries(body),
          ]),
        ),
      'UNSUPPORTED_VERSION',
    ],
    [
      'a path traversal entry after the evidence',
      async () =>
        sealed(
          Buffer.concat([
            await signedHead(sender, manifest),
            await tarEntries(body, false),
            encodeHeader({ name: Buffer.from('../../outside'), size: 0, mtime: 0, typeflag: '0' }),
            Buffer.alloc(1024),
          ]),
        ),
      'TAR_UNSAFE_NAME',
    ],
    [
      'an evidence file twice',
      async () =>
        sealed(
          Buffer.concat([
            await signedHead(sender, manifest),
            await tarEntries([...body, body.at(-1)!]),
          ]),
        ),
      'TAR_DUPLICATE',
    ],
    [
      'lineage that names a record not in the bundle',
      async () => {
        const lines = body.find((entry) => entry.name === 'lineage.jsonl')!;
        const text = lines.data
          .toString()
          .replace(/"id":"[0-9a-f-]{36}"/, '"id":"0190a0a0-0000-7000-8000-000000000000"');
        const entries = body.map((entry) =>
          entry === lines ? { name: entry.name, data: Buffer.from(text) } : entry,
        );
        const relisted = {
          ...manifest,
          entries: manifest.entries.map((listed) =>
            listed.name === 'lineage.jsonl'
              ? { ...listed, sha256: createHash('sha256').update(text).digest('hex') }
              : listed,
          ),
        };
        return sealed(
          Buffer.concat([await signedHead(sender, relisted), await tarEntries(entries)]),
        );
      },
      'RECORD_INVALID',
    ],
  ] as const)('%s', async (_label, make, code) => {
    const bytes =
      make === null
        ? await (async () => {
            const file = body.find((entry) => entry.name.startsWith('evidence/'))!;
            const flipped = Buffer.from(file.data);
            flipped[10]! ^= 1;
            const entries = body.map((entry) =>
              entry === file ? { ...file, data: flipped } : entry,
            );
            return sealed(
              Buffer.concat([await signedHead(sender, manifest), await tarEntries(entries)]),
            );
          })()
        : await make();
    expect(await importBytes(bytes)).toBe(code);
  });

  it('a bad entry after the evidence: the files already sealed are removed', async () => {
    expect(body.at(-1)!.name.startsWith('evidence/')).toBe(true);
    expect(await importBytes(await withBrokenLastEntry())).toBe('ENTRY_HASH_MISMATCH');
  });
});

describe('fuzzing imports through the handlers and the real store', () => {
  // Fewer than the reader's own fuzz (bundle-fuzz.spec.ts): each case here also seals evidence.
  const CASES = 240;

  it(`${CASES} mutated bundles: each refused by name or identical, the store as before`, async () => {
    records = await makeRecords(dir, sender.sender.deviceId, [70_000, 1000]);
    const valid = await readFile(await bundleFor('fuzz-base.depter'));
    const tar = await decrypt(valid, { identities: [deviceKeys.ageIdentity] });
    const imports = makeImport();
    const random = seededRandom(0x1_4d0f);
    const codes = new Map<string, number>();
    const path = join(dir, 'fuzz-case.depter');
    for (let index = 0; index < CASES; index++) {
      // Half in the ciphertext (age refuses), half in the tar inside (the reader refuses).
      const inner = index % 2 === 1;
      const { bytes, kind } = mutateBytes(inner ? tar : valid, random);
      await writeFile(
        path,
        inner ? await encrypt(bytes, { recipients: [deviceKeys.ageRecipient] }) : bytes,
      );
      const answer = await imports.handlers.openBundleForImport({
        sourceId: await choose(imports, [path]),
        jobId: JOB,
      });
      if (answer.ok) {
        expect(answer.records.incidents, `case ${index} ${kind}`).toEqual(records.incidents);
        await imports.handlers.finishBundleImport({ importId: answer.importId, commit: [] });
      }
      expect(await listStore(storeDir), `case ${index} ${kind} left files`).toEqual([]);
      const code = answer.ok ? 'ACCEPTED_IDENTICAL' : answer.error;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect(codes.get('ACCEPTED_IDENTICAL') ?? 0).toBeLessThan(CASES / 10);
    expect(codes.size).toBeGreaterThan(5);
  }, 180_000);
});

describe('importFailure names every failure the UI explains', () => {
  const systemError = (code: string) => Object.assign(new Error(code), { code, syscall: 'write' });

  it.each([
    [new BundleError('NOT_A_BUNDLE', 'x'), 'NOT_A_BUNDLE'],
    [new EvidenceError('CANCELLED', 'x'), 'CANCELLED'],
    [new EvidenceError('DISK_FULL', 'x'), 'DISK_FULL'],
    [new EvidenceError('MISMATCH', 'x'), 'ENTRY_HASH_MISMATCH'],
    [new EvidenceError('WRITE_FAILED', 'x'), 'IO_FAILED'],
    [new DOMException('stopped', 'AbortError'), 'CANCELLED'],
    [systemError('ENOSPC'), 'DISK_FULL'],
    [systemError('EDQUOT'), 'DISK_FULL'],
    [systemError('EACCES'), 'IO_FAILED'],
    [systemError('ENOENT'), 'IO_FAILED'],
  ] as const)('%s → %s', (error, name) => {
    expect(importFailure(error)).toBe(name);
  });

  it('rethrows anything else: a bug must not pass for a bad bundle', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => importFailure(bug)).toThrow(bug);
  });
});

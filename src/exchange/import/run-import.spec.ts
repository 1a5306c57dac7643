import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  writeFixtureBundle,
  type RecordsFixture,
  type SenderKeys,
} from '../../../electron/services/bundle/bundle-fixtures.testing';
import { evidenceKeysOf } from '../../../electron/services/evidence/evidence-handlers';
import { EvidenceStore } from '../../../electron/services/evidence/evidence-store';
import { listStore } from '../../../electron/services/evidence/evidence-test-support.testing';
import { BundleJobs } from '../../../electron/services/exchange/bundle-jobs';
import { createIdentityHandlers } from '../../../electron/services/exchange/identity-handlers';
import { createImportHandlers } from '../../../electron/services/exchange/import-handlers';
import { generateVaultKeys } from '../../../electron/services/vault/key-file';
import type { VaultSessionKeys } from '../../../electron/services/api-handlers';
import type { DepterApi } from '../../domain/api';
import { newId } from '../../domain/ids';
import type { Repository } from '../../db/repository-types';
import { openTestRepository } from '../../db/test-repository';
import { declineOpened, importOpened, openChosenBundle, type OpenedBundle } from './run-import';

/**
 * The renderer's import steps against the real main side (import handlers,
 * evidence store on temporary files) and a real repository on an in-memory
 * IndexedDB: device B receiving bundles from monitor A.
 */

let dir: string;
let storeDir: string;
let store: EvidenceStore;
let deviceKeys: VaultSessionKeys;
let repository: Repository;
let sender: SenderKeys;
let records: RecordsFixture;
let chosen: string[];
let api: Pick<
  DepterApi,
  'chooseBundleSource' | 'openBundleForImport' | 'finishBundleImport' | 'getPublicIdentity'
>;

beforeEach(async () => {
  dir = await makeTempDir('depter-run-import-');
  storeDir = join(dir, 'evidence');
  store = new EvidenceStore({ directory: storeDir });
  deviceKeys = generateVaultKeys() as VaultSessionKeys;
  repository = await openTestRepository();
  sender = newSender('Monitor A');
  records = await makeRecords(dir, sender.sender.deviceId, [2000, 90_000]);
  chosen = [];
  const { handlers } = createImportHandlers({
    vault: { keys: () => deviceKeys },
    store,
    chooseOpenPaths: async () => chosen.splice(0),
    chooseSavePath: async () => null,
    emitProgress: () => undefined,
    workDir: join(dir, 'work'),
    jobs: new BundleJobs(),
  });
  const identity = createIdentityHandlers({
    vault: { keys: () => deviceKeys },
    chooseOpenPaths: async () => [],
  });
  // As the preload exposes them: the dialog takes no input.
  api = {
    chooseBundleSource: () => handlers.chooseBundleSource(undefined),
    openBundleForImport: handlers.openBundleForImport,
    finishBundleImport: handlers.finishBundleImport,
    getPublicIdentity: () => identity.getPublicIdentity(undefined),
  };
});
afterEach(async () => {
  await removeDir(dir);
});

const JOB = 'import-job-0123456789';

async function bundleFile(name = 'from-a.depter'): Promise<string> {
  const path = join(dir, name);
  await writeFixtureBundle(sender, records, path, [deviceKeys.ageRecipient]);
  return path;
}

async function open(path: string): Promise<OpenedBundle> {
  chosen = [path];
  const opened = await openChosenBundle(repository, api, JOB, () => undefined);
  if (opened.kind !== 'opened') throw new Error(`not opened: ${JSON.stringify(opened)}`);
  return opened.bundle;
}

function contactFor(keys: SenderKeys, verified: boolean) {
  return {
    id: newId(),
    name: 'Monitor A (Osh)',
    ageRecipient: keys.sender.ageRecipient,
    signingPublicKey: keys.sender.signingPublicKey,
    verified,
    verifiedAt: verified ? new Date().toISOString() : null,
    note: '',
    addedAt: new Date().toISOString(),
    lastExport: null,
  };
}

describe('import, renderer steps on the real main side', () => {
  it('imports: records in the database, evidence committed, a report', async () => {
    const path = await bundleFile();
    const named: string[][] = [];
    chosen = [path];
    const opened = await openChosenBundle(repository, api, JOB, (names) => named.push([...names]));
    if (opened.kind !== 'opened') throw new Error(opened.kind);
    expect(named).toEqual([['from-a.depter']]);
    expect(opened.sender).toEqual({ trust: { kind: 'unknown' }, contactName: null });
    expect(await repository.listIncidents()).toHaveLength(0);

    const result = await importOpened(repository, api, opened.bundle);
    if (result.kind !== 'imported') throw new Error(result.kind);
    expect(result.nothingChanged).toBe(false);
    expect(result.filesFinished).toBe(true);
    expect(result.report.incidents.added).toBe(2);
    expect(result.report.actors.added).toBe(1);
    expect(result.report.evidence).toEqual({ records: 2, filesAdded: 2, conflicts: 0 });
    const [incident] = records.incidents as { id: string; title: string }[];
    const stored = await repository.getIncident(incident!.id);
    expect(stored).toMatchObject({ ok: true, record: { title: incident!.title } });
    const keys = evidenceKeysOf(deviceKeys)!;
    for (const file of records.files) expect(await store.verify(file.sha256, keys)).toBeNull();
    expect((await listStore(storeDir)).some((name) => name.startsWith('incoming/'))).toBe(false);
  });

  it('a bundle signed with this device’s own key says it came from this device', async () => {
    const path = await bundleFile();
    // This device is the sender: its signing key is the one the bundle was signed with.
    deviceKeys = {
      ...deviceKeys,
      signingPublicKey: Buffer.from(sender.sender.signingPublicKey, 'base64'),
    };
    chosen = [path];
    const opened = await openChosenBundle(repository, api, JOB, () => undefined);
    expect(opened).toMatchObject({ kind: 'opened', sender: { trust: { kind: 'self' } } });
  });

  it('the same bundle again: nothing changed, and the store is as it was', async () => {
    const path = await bundleFile();
    await importOpened(repository, api, await open(path));
    const before = await listStore(storeDir);
    const again = await importOpened(repository, api, await open(path));
    expect(again).toMatchObject({ kind: 'imported', nothingChanged: true });
    expect(await listStore(storeDir)).toEqual(before);
  });

  it('tells a verified contact, an unverified one and an unknown key apart', async () => {
    const path = await bundleFile();
    chosen = [path];
    expect(await openChosenBundle(repository, api, JOB, () => undefined)).toMatchObject({
      sender: { trust: { kind: 'unknown' } },
    });
    const contact = await repository.saveContact(contactFor(sender, false));
    chosen = [path];
    expect(await openChosenBundle(repository, api, JOB, () => undefined)).toMatchObject({
      sender: {
        trust: { kind: 'unverified', contactId: contact.id },
        contactName: 'Monitor A (Osh)',
      },
    });
    await repository.saveContact({ ...contact, verified: true, verifiedAt: contact.addedAt });
    chosen = [path];
    expect(await openChosenBundle(repository, api, JOB, () => undefined)).toMatchObject({
      sender: { trust: { kind: 'verified', contactId: contact.id } },
    });
  });

  it('"do not import": nothing in the database, the staged files deleted', async () => {
    const bundle = await open(await bundleFile());
    expect(bundle.stagedFiles).toHaveLength(2);
    await declineOpened(api, bundle);
    expect(await repository.listIncidents()).toHaveLength(0);
    expect(await listStore(storeDir)).toEqual([]);
  });

  it('a merge that throws: nothing kept, the staged files deleted', async () => {
    const bundle = await open(await bundleFile());
    const failing = {
      importBundle: () => Promise.reject(new Error('the database refused the write')),
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await importOpened(failing, api, bundle)).toEqual({ kind: 'merge-failed' });
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(await listStore(storeDir)).toEqual([]);
  });

  it('a cancelled dialog and a file that is not a bundle', async () => {
    expect(await openChosenBundle(repository, api, JOB, () => undefined)).toEqual({
      kind: 'no-source',
    });
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'meeting notes, not a bundle\n');
    chosen = [path];
    expect(await openChosenBundle(repository, api, JOB, () => undefined)).toEqual({
      kind: 'failed',
      error: 'NOT_A_BUNDLE',
    });
    expect(await listStore(storeDir)).toEqual([]);
  });
});

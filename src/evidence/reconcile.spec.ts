import { afterEach, describe, expect, it } from 'vitest';
import type { AttachedFile } from '../domain/api';
import type { Repository } from '../db/repository-types';
import {
  freshTestDatabase,
  openTestRepository,
  withRawDatabase,
  type TestDatabase,
} from '../db/test-repository';
import { MissingFiles } from './missing-files';
import { reconcileEvidence } from './reconcile';

const DEVICE = '01890a5d-ac96-7000-8000-0000000000e1';
const INCIDENT_A = '01890a5d-ac96-7000-8000-00000000a001';
const INCIDENT_B = '01890a5d-ac96-7000-8000-00000000b002';
const SHA_VIDEO = 'a'.repeat(64);
const SHA_PHOTO = 'b'.repeat(64);
const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

async function repositoryOn(database: TestDatabase): Promise<Repository> {
  const repository = await openTestRepository(database, { deviceId: DEVICE });
  open.push(repository);
  return repository;
}

function file(sha256: string, originalName: string): AttachedFile {
  return {
    sha256,
    size: 2048,
    mime: 'video/webm',
    originalName,
    modifiedAt: '',
    alreadyStored: false,
  };
}

/**
 * Main's side of the call is tested with the real store in
 * electron/services/evidence; here it records what the renderer asked and
 * answers as the store would for a folder that lacks `absent`.
 */
function storeAnswering(absent: string[]) {
  const calls: { keep: string[] }[] = [];
  return {
    calls,
    api: {
      async reconcileEvidence(input: { keep: string[] }) {
        calls.push({ keep: [...input.keep] });
        return { missing: input.keep.filter((sha) => absent.includes(sha)), removedUncommitted: 0 };
      },
    },
  };
}

describe('reconcileEvidence after unlock', () => {
  it('names every file the records use, once each', async () => {
    const repository = await repositoryOn(freshTestDatabase());
    await repository.recordAttachment(file(SHA_VIDEO, 'марш.webm'), INCIDENT_A);
    await repository.recordAttachment(file(SHA_VIDEO, 'марш-копия.webm'), INCIDENT_B);
    await repository.recordAttachment(file(SHA_PHOTO, 'задержание.png'), INCIDENT_A);
    const store = storeAnswering([]);

    const outcome = await reconcileEvidence(repository, store.api, new MissingFiles());

    expect(outcome).toEqual({ kind: 'done', missing: 0, removedUncommitted: 0 });
    expect(store.calls).toHaveLength(1);
    expect([...store.calls[0]!.keep].sort()).toEqual([SHA_VIDEO, SHA_PHOTO]);
  });

  it('leaves out files no incident uses any more', async () => {
    const repository = await repositoryOn(freshTestDatabase());
    const { record } = await repository.recordAttachment(file(SHA_VIDEO, 'марш.webm'), INCIDENT_A);
    await repository.recordAttachment(file(SHA_PHOTO, 'задержание.png'), INCIDENT_A);
    await repository.unlinkEvidence(record.id, INCIDENT_A, record.rev);
    const store = storeAnswering([]);

    await reconcileEvidence(repository, store.api, new MissingFiles());

    expect(store.calls[0]!.keep).toEqual([SHA_PHOTO]);
  });

  it('remembers the files the store lacks', async () => {
    const repository = await repositoryOn(freshTestDatabase());
    await repository.recordAttachment(file(SHA_VIDEO, 'марш.webm'), INCIDENT_A);
    await repository.recordAttachment(file(SHA_PHOTO, 'задержание.png'), INCIDENT_A);
    const missing = new MissingFiles();
    let notified = 0;
    missing.subscribe(() => (notified += 1));

    const outcome = await reconcileEvidence(repository, storeAnswering([SHA_PHOTO]).api, missing);

    expect(outcome).toMatchObject({ kind: 'done', missing: 1 });
    expect(missing.has(SHA_PHOTO)).toBe(true);
    expect(missing.has(SHA_VIDEO)).toBe(false);
    expect(notified).toBe(1);
  });

  it('touches nothing when a record cannot be read: its file might be deleted', async () => {
    const database = freshTestDatabase();
    const repository = await repositoryOn(database);
    await repository.recordAttachment(file(SHA_VIDEO, 'марш.webm'), INCIDENT_A);
    const { record } = await repository.recordAttachment(
      file(SHA_PHOTO, 'задержание.png'),
      INCIDENT_A,
    );
    await withRawDatabase(database, async (db) => {
      const row = await db.evidence.get(record.id);
      await db.evidence.put({ ...row!, body: { ...(row!.body as object), sha256: 42 } });
    });
    const store = storeAnswering([SHA_PHOTO]);
    const missing = new MissingFiles();

    const outcome = await reconcileEvidence(repository, store.api, missing);

    expect(outcome).toEqual({ kind: 'skipped', damagedRecords: 1 });
    expect(store.calls).toEqual([]);
    expect(missing.has(SHA_PHOTO)).toBe(false);
  });

  it('asks with an empty list when there is no evidence, so leftovers of a crash go', async () => {
    const repository = await repositoryOn(freshTestDatabase());
    const store = storeAnswering([]);
    await reconcileEvidence(repository, store.api, new MissingFiles());
    expect(store.calls).toEqual([{ keep: [] }]);
  });
});

describe('MissingFiles', () => {
  it('notifies only on a real change', () => {
    const missing = new MissingFiles();
    let notified = 0;
    missing.subscribe(() => (notified += 1));
    missing.add([SHA_VIDEO]);
    missing.add([SHA_VIDEO]);
    missing.delete(SHA_PHOTO);
    expect(notified).toBe(1);
    const before = missing.snapshot();
    missing.delete(SHA_VIDEO);
    expect(missing.has(SHA_VIDEO)).toBe(false);
    expect(missing.snapshot()).not.toBe(before);
    expect(notified).toBe(2);
  });

  it('stops notifying a listener that unsubscribed', () => {
    const missing = new MissingFiles();
    let notified = 0;
    const stop = missing.subscribe(() => (notified += 1));
    stop();
    missing.add([SHA_VIDEO]);
    expect(notified).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { AttachedFile } from '../domain/api';
import { importChangedNothing } from '../domain/exchange';
import { newId } from '../domain/ids';
import {
  exportBundle,
  lineageOf,
  devicesClosedAfterEach,
  sharedState,
  storedRevisions,
  type TestDevice,
} from '../../tests/unit/exchange/sync-devices';
import { IncomingBundleError, type IncomingBundle } from './incoming-bundle';
import { dumpIndexedDb } from './raw-idb-dump';
import { RecordNotFoundError, type RepositoryChange } from './repository-types';
import type { RecordCodec } from './record-codec';
import {
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  withRawDatabase,
} from './test-repository';

const device = devicesClosedAfterEach();

async function rawTables(target: TestDevice) {
  return withRawDatabase(target.database, async (db) => ({
    incidents: await db.incidents.toArray(),
    actors: await db.actors.toArray(),
    evidence: await db.evidence.toArray(),
    audit: await db.audit.toArray(),
    lineage: await db.lineage.toArray(),
    conflicts: await db.conflicts.toArray(),
    meta: await db.meta.toArray(),
  }));
}

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function attachedFile(sha256: string): AttachedFile {
  return {
    sha256,
    size: 1024,
    mime: 'video/mp4',
    originalName: 'марш.mp4',
    modifiedAt: '2017-03-18T10:00:00.000Z',
    alreadyStored: false,
  };
}

describe('importBundle: new records', () => {
  it('adds them as received, with a local change sequence, audit entries and lineage', async () => {
    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody());
    await a.repo.createActor(sampleActorBody());
    const changes: RepositoryChange[] = [];
    b.repo.onChange((change) => changes.push(change));

    const { report, commitFiles } = await b.repo.importBundle(await exportBundle(a));

    expect(report.incidents).toEqual({ added: 1, updated: 0, unchanged: 0, conflicts: 0 });
    expect(report.actors).toEqual({ added: 1, updated: 0, unchanged: 0, conflicts: 0 });
    expect(commitFiles).toEqual([]);
    const received = await b.repo.getIncident(incident.id);
    expect(received?.ok && received.record).toMatchObject({
      title: incident.title,
      rev: 1,
      updatedAt: incident.updatedAt,
      updatedBy: a.deviceId,
    });
    const [onA, onB] = [await storedRevisions(a), await storedRevisions(b)];
    expect(onB.map((r) => r.hash)).toEqual(onA.map((r) => r.hash));
    expect(onB.map((r) => r.changeSeq).sort()).toEqual([1, 2]);
    const audit = await b.repo.readAudit();
    expect(audit.map((entry) => [entry.action, entry.device, entry.recordHash])).toEqual(
      expect.arrayContaining(onB.map((r) => ['create', b.deviceId, r.hash])),
    );
    expect(await b.repo.verifyAudit()).toEqual({ ok: true, entries: 2 });
    expect(await lineageOf(b, 'incidents', incident.id)).toEqual([
      onB.find((r) => r.id === incident.id)?.hash,
    ]);
    expect(changes).toEqual(expect.arrayContaining([{ table: 'incidents', id: incident.id }]));
  });

  it('continues the audit chain after local edits', async () => {
    const a = await device('A');
    const b = await device('B');
    await a.repo.createIncident(sampleIncidentBody());
    await b.repo.createIncident(sampleIncidentBody({ title: 'Местная запись' }));
    await b.repo.importBundle(await exportBundle(a));
    await b.repo.createActor(sampleActorBody());
    expect(await b.repo.verifyAudit()).toEqual({ ok: true, entries: 3 });
  });

  it('keeps record contents sealed at rest, conflicts and lineages included', async () => {
    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody({ title: 'Шифр-заголовок' }));
    await b.repo.importBundle(await exportBundle(a));
    await b.repo.updateIncident(incident.id, sampleIncidentBody({ title: 'Правка Б' }), 1);
    await a.repo.updateIncident(incident.id, sampleIncidentBody({ title: 'Правка А' }), 1);
    await b.repo.importBundle(await exportBundle(a));
    const dump = JSON.stringify(await dumpIndexedDb(b.database.indexedDB));
    expect(dump).not.toContain('Шифр-заголовок');
    expect(dump).not.toContain('Правка');
  });
});

describe('importBundle: bad input writes nothing', () => {
  async function expectNothingWritten(target: TestDevice, bundle: IncomingBundle) {
    const before = await rawTables(target);
    await expect(target.repo.importBundle(bundle)).rejects.toThrow(IncomingBundleError);
    expect(await rawTables(target)).toEqual(before);
  }

  it('refuses a bundle with one record that breaks its schema', async () => {
    const a = await device('A');
    const b = await device('B');
    await a.repo.createIncident(sampleIncidentBody());
    await a.repo.createIncident(sampleIncidentBody({ title: 'Второе' }));
    await b.repo.createActor(sampleActorBody());
    const bundle = await exportBundle(a);
    bundle.records.incidents[1] = {
      ...(bundle.records.incidents[1] as object),
      categories: ['war'],
    };
    await expectNothingWritten(b, bundle);
  });

  it.each([
    ['a line that is not an object', (bundle: IncomingBundle) => bundle.records.actors.push('x')],
    [
      'a tombstone with body fields',
      (bundle: IncomingBundle) =>
        bundle.records.incidents.push({
          id: newId(),
          rev: 2,
          updatedAt: '2026-01-01T00:00:00.000Z',
          updatedBy: 'x',
          changeSeq: 1,
          deleted: true,
          title: 'leak',
        }),
    ],
    [
      'the same record twice',
      (bundle: IncomingBundle) => bundle.records.incidents.push(bundle.records.incidents[0]),
    ],
    [
      'a lineage line with a bad hash',
      (bundle: IncomingBundle) =>
        bundle.records.lineage.push({ table: 'incidents', id: newId(), hashes: ['zz'] }),
    ],
    [
      'a staged file name that is no SHA-256',
      (bundle: IncomingBundle) => {
        bundle.stagedFiles = ['../etc/passwd'];
      },
    ],
    [
      'a bundle id that is no UUID',
      (bundle: IncomingBundle) => {
        bundle.bundleId = 'bundle';
      },
    ],
  ])('refuses %s', async (_name, spoil) => {
    const a = await device('A');
    const b = await device('B');
    await a.repo.createIncident(sampleIncidentBody());
    const bundle = await exportBundle(a);
    spoil(bundle);
    await expectNothingWritten(b, bundle);
  });
});

describe('importBundle: evidence', () => {
  it('commits the staged files the database now names, and only those', async () => {
    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody());
    await a.repo.recordAttachment(attachedFile(SHA_A), incident.id);
    await a.repo.recordAttachment(attachedFile(SHA_B), incident.id);
    const bundle = await exportBundle(a);
    bundle.stagedFiles = [SHA_A];
    const { report, commitFiles } = await b.repo.importBundle(bundle);
    expect(commitFiles).toEqual([SHA_A]);
    expect(report.evidence).toEqual({ records: 2, filesAdded: 1, conflicts: 0 });
    expect(await b.repo.listEvidenceForIncident(incident.id)).toHaveLength(2);
  });

  it('commits a staged file for a record already here without its file', async () => {
    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody());
    await a.repo.recordAttachment(attachedFile(SHA_A), incident.id);
    await b.repo.importBundle(await exportBundle(a));
    const again = await exportBundle(a);
    again.stagedFiles = [SHA_A];
    const { report, commitFiles } = await b.repo.importBundle(again);
    expect(commitFiles).toEqual([SHA_A]);
    expect(report.evidence.records).toBe(0);
  });
});

describe('conflicts', () => {
  async function conflictOn(): Promise<{ a: TestDevice; b: TestDevice; id: string }> {
    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody({ title: 'Общее' }));
    await b.repo.importBundle(await exportBundle(a));
    await a.repo.updateIncident(incident.id, sampleIncidentBody({ title: 'Версия А' }), 1);
    await b.repo.updateIncident(
      incident.id,
      sampleIncidentBody({ title: 'Версия Б', summary: 'Другое описание' }),
      1,
    );
    const { report } = await b.repo.importBundle(await exportBundle(a));
    expect(report.incidents.conflicts).toBe(1);
    return { a, b, id: incident.id };
  }

  it('keeps the local revision and lists the incoming one beside it', async () => {
    const { a, b, id } = await conflictOn();
    const local = await b.repo.getIncident(id);
    expect(local?.ok && local.record.title).toBe('Версия Б');
    expect(await b.repo.countConflicts()).toBe(1);
    const [summary] = await b.repo.listConflicts();
    expect(summary).toMatchObject({
      key: `incidents:${id}`,
      table: 'incidents',
      recordId: id,
      title: 'Версия Б',
      local: { rev: 2, updatedBy: b.deviceId, deleted: false },
      incoming: { rev: 2, updatedBy: a.deviceId, deleted: false },
      sender: { deviceId: a.deviceId, name: 'A' },
    });
    const detail = await b.repo.getConflict(`incidents:${id}`);
    expect(detail?.localBody?.title).toBe('Версия Б');
    expect(detail?.incomingBody?.title).toBe('Версия А');
    expect(await b.repo.getConflict('incidents:not-an-id')).toBeUndefined();
    expect(await b.repo.getConflict(`actors:${id}`)).toBeUndefined();
  });

  it('takes theirs: a new revision above both, by this device, lineage of both', async () => {
    const { a, b, id } = await conflictOn();
    const before = await storedRevisions(b);
    const incomingHash = (await storedRevisions(a)).find((r) => r.id === id)?.hash;
    const localHash = before.find((r) => r.id === id)?.hash;
    await b.repo.resolveConflict(`incidents:${id}`, 'incoming');
    const resolved = await b.repo.getIncident(id);
    expect(resolved?.ok && resolved.record).toMatchObject({
      title: 'Версия А',
      rev: 3,
      updatedBy: b.deviceId,
    });
    expect(await b.repo.listConflicts()).toEqual([]);
    expect(await b.repo.countConflicts()).toBe(0);
    expect(await lineageOf(b, 'incidents', id)).toEqual(
      expect.arrayContaining([incomingHash, localHash]),
    );
    const audit = await b.repo.readAudit();
    expect(audit.at(-1)).toMatchObject({ action: 'update', rev: 3, changed: ['summary', 'title'] });
    expect(await b.repo.verifyAudit()).toEqual({ ok: true, entries: audit.length });
  });

  it('keeps mine as a new revision and accepts a checked field-by-field merge', async () => {
    const { b, id } = await conflictOn();
    const detail = await b.repo.getConflict(`incidents:${id}`);
    const merged = { ...detail?.localBody, title: detail?.incomingBody?.title };
    await expect(
      b.repo.resolveConflict(`incidents:${id}`, 'merged', { ...merged, categories: ['war'] }),
    ).rejects.toThrow(ZodError);
    expect(await b.repo.listConflicts()).toHaveLength(1);
    await b.repo.resolveConflict(`incidents:${id}`, 'merged', merged);
    const resolved = await b.repo.getIncident(id);
    expect(resolved?.ok && [resolved.record.title, resolved.record.summary]).toEqual([
      'Версия А',
      'Другое описание',
    ]);
    await expect(b.repo.resolveConflict(`incidents:${id}`, 'local')).rejects.toThrow(
      RecordNotFoundError,
    );
  });

  it('replaces a stored conflict by a newer revision of it, ignores an older one', async () => {
    const { a, b, id } = await conflictOn();
    const older = await exportBundle(a);
    await a.repo.updateIncident(id, sampleIncidentBody({ title: 'Версия А2' }), 2);
    const newer = await exportBundle(a);
    const replaced = await b.repo.importBundle(newer);
    expect(replaced.report.incidents.conflicts).toBe(1);
    expect((await b.repo.getConflict(`incidents:${id}`))?.incomingBody?.title).toBe('Версия А2');
    const again = await b.repo.importBundle(older);
    expect(importChangedNothing(again.report)).toBe(true);
    expect((await b.repo.getConflict(`incidents:${id}`))?.incomingBody?.title).toBe('Версия А2');
  });

  it('an unrelated revision takes the stored conflict’s place and absorbs it', async () => {
    const { a, b, id } = await conflictOn();
    const c = await device('C');
    await c.repo.importBundle(await exportBundle(a));
    await c.repo.updateIncident(id, sampleIncidentBody({ title: 'Версия В' }), 2);
    // C's revision descends from A's: on B it replaces A's as the conflict.
    await b.repo.importBundle(await exportBundle(c));
    expect((await b.repo.getConflict(`incidents:${id}`))?.incomingBody?.title).toBe('Версия В');
    const d = await device('D');
    await d.repo.importBundle(await exportBundle(a));
    // D edits A's revision too: related to neither B's revision nor C's.
    await d.repo.updateIncident(id, sampleIncidentBody({ title: 'Версия Г' }), 2);
    const { report } = await b.repo.importBundle(await exportBundle(d));
    expect(report.incidents.conflicts).toBe(1);
    expect((await b.repo.getConflict(`incidents:${id}`))?.incomingBody?.title).toBe('Версия Г');
    // C's revision, met again, is known through the stored conflict's lineage.
    expect(importChangedNothing((await b.repo.importBundle(await exportBundle(c, 0))).report)).toBe(
      true,
    );
    expect(await b.repo.countConflicts()).toBe(1);
  });

  it('settles a stored conflict when a revision descending from it arrives with the local one', async () => {
    const { a, b, id } = await conflictOn();
    // A takes B's version in turn and resolves there; B's conflict is then settled by A's resolution.
    await a.repo.importBundle(await exportBundle(b));
    await a.repo.resolveConflict(`incidents:${id}`, 'incoming');
    const { report } = await b.repo.importBundle(await exportBundle(a));
    expect(report.incidents.updated).toBe(1);
    expect(await b.repo.listConflicts()).toEqual([]);
    expect(await sharedState(b)).toEqual(await sharedState(a));
  });

  it('refuses to resolve a conflict that is not there', async () => {
    const b = await device('B');
    await expect(b.repo.resolveConflict(`incidents:${newId()}`, 'local')).rejects.toThrow(
      RecordNotFoundError,
    );
    await expect(b.repo.resolveConflict('nonsense', 'incoming')).rejects.toThrow(
      RecordNotFoundError,
    );
  });
});

describe('importBundle racing another window', () => {
  it('decides again when the record changed between its read and its write: a conflict, not an overwrite', async () => {
    const a = await device('A');
    const b = await device('B');
    const incident = await a.repo.createIncident(sampleIncidentBody({ title: 'Общее' }));
    await b.repo.importBundle(await exportBundle(a));
    await a.repo.updateIncident(incident.id, sampleIncidentBody({ title: 'Версия А' }), 1);
    const update = await exportBundle(a);

    // B's second window: the same database and key; it saves an edit while
    // B's import is sealing what it decided (after its read, before its write).
    const secondWindow = await openTestRepository(b.database, {
      codec: b.codec,
      deviceId: b.deviceId,
    });
    let armed = true;
    const racing: RecordCodec = {
      ...b.codec,
      seal: async (value, aad) => {
        if (armed && aad.startsWith('lineage:')) {
          armed = false;
          await secondWindow.updateIncident(
            incident.id,
            sampleIncidentBody({ title: 'Правка во втором окне' }),
            1,
          );
        }
        return b.codec.seal(value, aad);
      },
    };
    const importing = await openTestRepository(b.database, { codec: racing, deviceId: b.deviceId });
    try {
      const { report } = await importing.importBundle(update);
      expect(armed).toBe(false);
      expect(report.incidents).toEqual({ added: 0, updated: 0, unchanged: 0, conflicts: 1 });
      const kept = await importing.getIncident(incident.id);
      expect(kept?.ok && kept.record.title).toBe('Правка во втором окне');
      expect(await importing.verifyAudit()).toMatchObject({ ok: true });
    } finally {
      secondWindow.close();
      importing.close();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { AttachedFile } from '../domain/api';
import type { Evidence } from '../domain/evidence';
import {
  exportBundle,
  openTestDevice,
  type TestDevice,
} from '../../tests/unit/exchange/sync-devices';
import { dumpIndexedDb } from './raw-idb-dump';
import type { RecordCodec } from './record-codec';
import {
  RecordNotFoundError,
  StaleRevisionError,
  type Loaded,
  type Repository,
  type RepositoryChange,
} from './repository-types';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleIncidentBody,
  withRawDatabase,
  type TestDatabase,
} from './test-repository';

const DEVICE = '01890a5d-ac96-7000-8000-0000000000e1';
const INCIDENT_A = '01890a5d-ac96-7000-8000-00000000a001';
const INCIDENT_B = '01890a5d-ac96-7000-8000-00000000b002';
const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

async function openRepository(
  database: TestDatabase = freshTestDatabase(),
  codec?: RecordCodec,
): Promise<Repository> {
  const repository = await openTestRepository(database, {
    deviceId: DEVICE,
    ...(codec ? { codec } : {}),
  });
  open.push(repository);
  return repository;
}

function attachedFile(overrides: Partial<AttachedFile> = {}): AttachedFile {
  return {
    sha256: 'a'.repeat(64),
    size: 1_048_576,
    mime: 'video/mp4',
    originalName: 'марш-18-март.mp4',
    modifiedAt: '2017-03-18T09:41:00.000Z',
    alreadyStored: false,
    ...overrides,
  };
}

function valid(loaded: Loaded<Evidence> | undefined): Evidence {
  if (!loaded?.ok) throw new Error('expected a valid evidence record');
  return loaded.record;
}

describe('evidence records', () => {
  it('creates a record for new content, attached now by this device, with no caption', async () => {
    const repository = await openRepository();
    const before = new Date().toISOString();
    const { record, outcome } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    expect(outcome).toBe('created');
    expect(record).toMatchObject({
      sha256: 'a'.repeat(64),
      size: 1_048_576,
      mime: 'video/mp4',
      originalName: 'марш-18-март.mp4',
      modifiedAt: '2017-03-18T09:41:00.000Z',
      attachedBy: DEVICE,
      caption: '',
      incidentIds: [INCIDENT_A],
      rev: 1,
      updatedBy: DEVICE,
      deleted: false,
    });
    expect(record.attachedAt >= before).toBe(true);
    expect(record).not.toHaveProperty('alreadyStored');
    expect(valid(await repository.getEvidence(record.id))).toEqual(record);
  });

  it('links the same content to a second incident in the same record, and only once', async () => {
    const repository = await openRepository();
    const first = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    // The second copy has another name: the first attachment's metadata stays.
    const second = await repository.recordAttachment(
      attachedFile({ originalName: 'copy.mp4', alreadyStored: true }),
      INCIDENT_B,
    );
    expect(second.outcome).toBe('linked');
    expect(second.record).toMatchObject({
      id: first.record.id,
      rev: 2,
      originalName: 'марш-18-март.mp4',
      attachedAt: first.record.attachedAt,
      incidentIds: [INCIDENT_A, INCIDENT_B],
    });

    const again = await repository.recordAttachment(attachedFile(), INCIDENT_B);
    expect(again).toEqual({ record: second.record, outcome: 'unchanged' });
    expect(await repository.listEvidence()).toHaveLength(1);
  });

  it('records two attachments of one file made at the same moment as one record', async () => {
    const repository = await openRepository();
    const [one, two] = await Promise.all([
      repository.recordAttachment(attachedFile(), INCIDENT_A),
      repository.recordAttachment(attachedFile(), INCIDENT_B),
    ]);
    expect([one.outcome, two.outcome]).toEqual(['created', 'linked']);
    const all = await repository.listEvidence();
    expect(all).toHaveLength(1);
    expect(valid(all[0]).incidentIds).toEqual([INCIDENT_A, INCIDENT_B]);
  });

  it('lists the evidence of one incident', async () => {
    const repository = await openRepository();
    const video = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    await repository.recordAttachment(attachedFile(), INCIDENT_B);
    const photo = await repository.recordAttachment(
      attachedFile({ sha256: 'b'.repeat(64), mime: 'image/jpeg', originalName: 'p.jpg' }),
      INCIDENT_B,
    );
    const ofA = await repository.listEvidenceForIncident(INCIDENT_A);
    const ofB = await repository.listEvidenceForIncident(INCIDENT_B);
    expect(ofA.map((loaded) => valid(loaded).id)).toEqual([video.record.id]);
    expect(ofB.map((loaded) => valid(loaded).id).sort()).toEqual(
      [video.record.id, photo.record.id].sort(),
    );
    expect(
      await repository.listEvidenceForIncident('01890a5d-ac96-7000-8000-00000000c003'),
    ).toEqual([]);
  });

  it('sets the caption as a new revision and refuses a stale one', async () => {
    const repository = await openRepository();
    const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    const captioned = await repository.setEvidenceCaption(record.id, 'Задержание у Белого дома', 1);
    expect(captioned).toMatchObject({ rev: 2, caption: 'Задержание у Белого дома' });
    await expect(repository.setEvidenceCaption(record.id, 'x', 1)).rejects.toBeInstanceOf(
      StaleRevisionError,
    );
    expect(valid(await repository.getEvidence(record.id)).caption).toBe('Задержание у Белого дома');
  });

  it('refuses an over-long caption without writing anything', async () => {
    const repository = await openRepository();
    const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    await expect(
      repository.setEvidenceCaption(record.id, 'x'.repeat(2001), 1),
    ).rejects.toBeInstanceOf(ZodError);
    expect(valid(await repository.getEvidence(record.id))).toEqual(record);
    expect(await repository.readAudit()).toHaveLength(1);
  });

  it.each([
    ['a hash that is not 64 hex digits', { sha256: 'A'.repeat(64) }],
    ['an empty file name', { originalName: '' }],
    ['a negative size', { size: -1 }],
  ])('refuses an attached file with %s and writes nothing', async (_label, overrides) => {
    const repository = await openRepository();
    await expect(
      repository.recordAttachment(attachedFile(overrides), INCIDENT_A),
    ).rejects.toBeInstanceOf(ZodError);
    expect(await repository.listEvidence()).toEqual([]);
    expect(await repository.readAudit()).toEqual([]);
  });

  it('refuses an incident id that is not a UUID and writes nothing', async () => {
    const repository = await openRepository();
    await expect(repository.recordAttachment(attachedFile(), 'incident-1')).rejects.toBeInstanceOf(
      ZodError,
    );
    expect(await repository.listEvidence()).toEqual([]);
  });

  it('refuses a caption for an unknown record', async () => {
    const repository = await openRepository();
    await expect(
      repository.setEvidenceCaption('01890a5d-ac96-7000-8000-0000000000ff', 'x', 1),
    ).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  describe('unlinkEvidence', () => {
    it('removes one incident and keeps the record while another uses the file', async () => {
      const repository = await openRepository();
      await repository.recordAttachment(attachedFile(), INCIDENT_A);
      const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_B);
      const result = await repository.unlinkEvidence(record.id, INCIDENT_A, 2);
      expect(result).toMatchObject({
        fileUnused: false,
        record: { id: record.id, rev: 3, incidentIds: [INCIDENT_B] },
      });
      expect(await repository.listEvidenceForIncident(INCIDENT_A)).toEqual([]);
    });

    it('leaves a tombstone when the last incident goes and says the file is unused', async () => {
      const database = freshTestDatabase();
      const repository = await openRepository(database);
      const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
      expect(await repository.unlinkEvidence(record.id, INCIDENT_A, 1)).toEqual({
        fileUnused: true,
        sha256: 'a'.repeat(64),
      });
      expect(await repository.getEvidence(record.id)).toBeUndefined();
      expect(await repository.listEvidence()).toEqual([]);
      const row = await withRawDatabase(database, (db) => db.evidence.get(record.id));
      expect(row).toMatchObject({ id: record.id, rev: 2, deleted: true, body: null });

      // Attaching the same file again later starts a new record.
      const again = await repository.recordAttachment(attachedFile(), INCIDENT_A);
      expect(again.outcome).toBe('created');
      expect(again.record.id).not.toBe(record.id);
    });

    it('changes nothing for an incident the record does not name', async () => {
      const repository = await openRepository();
      const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
      expect(await repository.unlinkEvidence(record.id, INCIDENT_B, 1)).toEqual({
        fileUnused: false,
        record,
      });
      expect(await repository.readAudit()).toHaveLength(1);
    });

    it('refuses a stale revision, also for the last incident, and keeps the record', async () => {
      const repository = await openRepository();
      const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
      await repository.setEvidenceCaption(record.id, 'c', 1);
      await expect(repository.unlinkEvidence(record.id, INCIDENT_A, 1)).rejects.toBeInstanceOf(
        StaleRevisionError,
      );
      expect(valid(await repository.getEvidence(record.id)).incidentIds).toEqual([INCIDENT_A]);
    });
  });

  it('audits every change in the hash chain and reports it on the change feed', async () => {
    const repository = await openRepository();
    const changes: RepositoryChange[] = [];
    repository.onChange((change) => changes.push(change));
    const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    await repository.recordAttachment(attachedFile(), INCIDENT_B);
    await repository.setEvidenceCaption(record.id, 'c', 2);
    await repository.unlinkEvidence(record.id, INCIDENT_A, 3);
    await repository.unlinkEvidence(record.id, INCIDENT_B, 4);

    const audit = await repository.readAudit();
    expect(audit.map((entry) => [entry.table, entry.action, entry.rev])).toEqual([
      ['evidence', 'create', 1],
      ['evidence', 'update', 2],
      ['evidence', 'update', 3],
      ['evidence', 'update', 4],
      ['evidence', 'delete', 5],
    ]);
    expect(audit[1]?.changed).toEqual(['incidentIds']);
    expect(audit[2]?.changed).toEqual(['caption']);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 5 });
    expect(changes).toEqual(
      Array.from({ length: 5 }, () => ({ table: 'evidence', id: record.id })),
    );
  });

  it('lists a damaged record with a warning instead of dropping it', async () => {
    const database = freshTestDatabase();
    const repository = await openRepository(database);
    const { record } = await repository.recordAttachment(attachedFile(), INCIDENT_A);
    await withRawDatabase(database, async (db) => {
      const row = await db.evidence.get(record.id);
      await db.evidence.put({ ...row!, body: { ...(row!.body as object), size: 'big' } });
    });
    const [loaded] = await repository.listEvidence();
    expect(loaded).toMatchObject({ ok: false, id: record.id, rev: 1 });
    expect(loaded?.ok === false && loaded.problems.join()).toMatch(/size/);
    // Still listed under its incident, since its body names it.
    expect(await repository.listEvidenceForIncident(INCIDENT_A)).toHaveLength(1);
    // But not rewritten field by field.
    await expect(repository.setEvidenceCaption(record.id, 'x', 1)).rejects.toBeInstanceOf(
      RecordNotFoundError,
    );
    // Nor taken for the same content.
    expect((await repository.recordAttachment(attachedFile(), INCIDENT_A)).outcome).toBe('created');
  });
});

describe('evidence records at rest', () => {
  const NAME_MARKER = 'MARKER-NAME-ЖЫЙ-протест.mp4';
  const CAPTION_MARKER = 'MARKER-CAPTION-ЖЫЙ';
  const SHA256 = '5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592';

  async function writeEvidence(repository: Repository): Promise<void> {
    const { record } = await repository.recordAttachment(
      attachedFile({ sha256: SHA256, originalName: NAME_MARKER }),
      INCIDENT_A,
    );
    await repository.setEvidenceCaption(record.id, CAPTION_MARKER, 1);
    await repository.recordAttachment(attachedFile({ sha256: SHA256 }), INCIDENT_B);
  }

  it('keeps the file name, caption, hash and incident links out of IndexedDB', async () => {
    const database = freshTestDatabase();
    const repository = await openRepository(database, await newTestCodec());
    await writeEvidence(repository);
    // The record reads back through the key.
    const [loaded] = await repository.listEvidence();
    expect(valid(loaded)).toMatchObject({ originalName: NAME_MARKER, caption: CAPTION_MARKER });

    const dump = await dumpIndexedDb(database.indexedDB);
    for (const secret of [NAME_MARKER, CAPTION_MARKER, SHA256, INCIDENT_A, INCIDENT_B]) {
      expect(dump.includes(secret), secret).toBe(false);
    }
    expect(dump).not.toContain('video/mp4');
  });

  it('(control) the same scan finds them when bodies are stored in clear', async () => {
    const database = freshTestDatabase();
    const repository = await openRepository(database);
    await writeEvidence(repository);
    const dump = await dumpIndexedDb(database.indexedDB);
    for (const secret of [NAME_MARKER, CAPTION_MARKER, SHA256, INCIDENT_A, INCIDENT_B]) {
      expect(dump.includes(secret), secret).toBe(true);
    }
  });

  it('opens sealed evidence again after a restart with the same key', async () => {
    const database = freshTestDatabase();
    const codec = await newTestCodec();
    const repository = await openRepository(database, codec);
    await writeEvidence(repository);
    await repository.createIncident(sampleIncidentBody());
    repository.close();
    const again = await openRepository(database, codec);
    expect(valid((await again.listEvidence())[0]).incidentIds).toEqual([INCIDENT_A, INCIDENT_B]);
    expect(await again.verifyAudit()).toEqual({ ok: true, entries: 4 });
  });
});

describe('one file named by records from two devices', () => {
  const devices: TestDevice[] = [];
  afterEach(() => {
    for (const device of devices.splice(0)) device.repo.close();
  });

  /** A and B each attach the same video to their own incident; B imports A's record. */
  async function sameFileTwice() {
    const a = await openTestDevice('A');
    const b = await openTestDevice('B');
    devices.push(a, b);
    const onA = await a.repo.createIncident(sampleIncidentBody());
    const onB = await b.repo.createIncident(sampleIncidentBody({ title: 'Запись Б' }));
    const fromA = (await a.repo.recordAttachment(attachedFile(), onA.id)).record;
    const fromB = (await b.repo.recordAttachment(attachedFile(), onB.id)).record;
    await b.repo.importBundle(await exportBundle(a));
    return { b, onA, onB, fromA, fromB };
  }

  it('keeps the file while another live record names it', async () => {
    const { b, onA, onB, fromA, fromB } = await sameFileTwice();
    expect(await b.repo.listEvidence()).toHaveLength(2);
    expect(await b.repo.unlinkEvidence(fromB.id, onB.id, fromB.rev)).toEqual({
      fileUnused: false,
      record: null,
    });
    expect(await b.repo.getEvidence(fromB.id)).toBeUndefined();
    expect(await b.repo.unlinkEvidence(fromA.id, onA.id, fromA.rev)).toEqual({
      fileUnused: true,
      sha256: 'a'.repeat(64),
    });
  });

  it('links a new attachment to the record already linked to the incident, else to one of them', async () => {
    const { b, onA, fromA } = await sameFileTwice();
    const again = await b.repo.recordAttachment(attachedFile(), onA.id);
    expect(again).toMatchObject({ outcome: 'unchanged', record: { id: fromA.id } });
    const third = await b.repo.createIncident(sampleIncidentBody({ title: 'Третий' }));
    const linked = await b.repo.recordAttachment(attachedFile(), third.id);
    expect(linked.outcome).toBe('linked');
    expect(await b.repo.listEvidence()).toHaveLength(2);
  });
});

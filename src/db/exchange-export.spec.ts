import { afterEach, describe, expect, it } from 'vitest';
import { actorLineSchema, evidenceLineSchema, incidentLineSchema } from '../domain/bundle-lines';
import type { Contact } from '../domain/contact';
import { lineageLineSchema } from '../domain/exchange';
import { newId } from '../domain/ids';
import { recordHash } from './audit-chain';
import { openContact, sealContact } from './contacts-store';
import type { RecordCodec } from './record-codec';
import type { Repository } from './repository-types';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  withRawDatabase,
  type TestDatabase,
} from './test-repository';

const DEVICE = '01890a5d-ac96-7000-8000-0000000000e1';
const BUNDLE = '01890a5d-ac96-7000-8000-0000000000b1';
const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

interface Setup {
  repository: Repository;
  database: TestDatabase;
  codec: RecordCodec;
}

async function setup(): Promise<Setup> {
  const database = freshTestDatabase();
  const codec = await newTestCodec();
  const repository = await openTestRepository(database, { deviceId: DEVICE, codec });
  open.push(repository);
  return { repository, database, codec };
}

function file(sha: string) {
  return {
    sha256: sha.repeat(64),
    size: 1000,
    mime: 'video/mp4',
    originalName: 'марш.mp4',
    modifiedAt: '',
    alreadyStored: false,
  };
}

/** Two incidents with an actor and a video each, and one deleted incident. */
async function fillDatabase(repository: Repository) {
  const journalist = await repository.createActor(sampleActorBody());
  const lawyer = await repository.createActor(sampleActorBody({ name: 'Адвокат' }));
  const march = await repository.createIncident(
    sampleIncidentBody({ victims: [{ actorId: journalist.id, role: 'journalist', note: '' }] }),
  );
  const lawsuit = await repository.createIncident(
    sampleIncidentBody({
      title: 'Иск о защите чести против новостного сайта',
      victims: [],
      perpetrators: [{ type: 'court', actorId: lawyer.id, description: '' }],
    }),
  );
  const gone = await repository.createIncident(sampleIncidentBody({ title: 'Ошибочная запись' }));
  await repository.deleteIncident(gone.id);
  const marchVideo = (await repository.recordAttachment(file('a'), march.id)).record;
  const lawsuitScan = (await repository.recordAttachment(file('b'), lawsuit.id)).record;
  return { journalist, lawyer, march, lawsuit, gone, marchVideo, lawsuitScan };
}

function ids(lines: readonly { id: string }[]): string[] {
  return lines.map((line) => line.id).sort();
}

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: newId(),
    name: 'Партнёрская организация',
    ageRecipient: `age1${'q'.repeat(58)}`,
    signingPublicKey: null,
    verified: false,
    verifiedAt: null,
    note: '',
    addedAt: '2026-12-01T10:00:00.000Z',
    lastExport: null,
    ...overrides,
  };
}

async function storeContact(setupState: Setup, value: Contact): Promise<void> {
  const row = await sealContact(setupState.codec, value);
  await withRawDatabase(setupState.database, (db) => db.contacts.put(row));
}

async function readContact(setupState: Setup, id: string): Promise<Contact> {
  const row = await withRawDatabase(setupState.database, (db) => db.contacts.get(id));
  if (!row) throw new Error('contact missing');
  return openContact(setupState.codec, row);
}

describe('collectExport', () => {
  it('sends everything, tombstones as sync fields, with the counter read alongside', async () => {
    const { repository } = await setup();
    const made = await fillDatabase(repository);
    const collected = await repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: true,
    });
    const { records } = collected;
    expect(ids(records.incidents)).toEqual(ids([made.march, made.lawsuit, made.gone]));
    expect(ids(records.actors)).toEqual(ids([made.journalist, made.lawyer]));
    expect(ids(records.evidence)).toEqual(ids([made.marchVideo, made.lawsuitScan]));
    expect(collected.changeSeq).toBe((await repository.listChangesSince(0)).changeSeq);
    expect(collected.damaged).toEqual([]);

    const tombstone = records.incidents.find((line) => line.id === made.gone.id);
    expect(Object.keys(tombstone ?? {}).sort()).toEqual(
      ['changeSeq', 'deleted', 'id', 'rev', 'updatedAt', 'updatedBy'].sort(),
    );
    expect(tombstone?.deleted).toBe(true);
    for (const line of records.incidents) expect(incidentLineSchema.parse(line)).toEqual(line);
    for (const line of records.actors) expect(actorLineSchema.parse(line)).toEqual(line);
    for (const line of records.evidence) expect(evidenceLineSchema.parse(line)).toEqual(line);
    expect(records.lineage).toEqual([]);
  });

  it('answers the hash of each revision sent, and the audit entries of exactly those records', async () => {
    const { repository } = await setup();
    const made = await fillDatabase(repository);
    const collected = await repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: true,
    });
    const audit = await repository.readAudit();
    expect(collected.records.audit).toEqual(audit);
    const lastHash = new Map(audit.map((entry) => [`${entry.table}:${entry.recordId}`, entry]));
    expect(collected.sent).toHaveLength(7);
    for (const revision of collected.sent) {
      expect(lastHash.get(`${revision.table}:${revision.id}`)?.recordHash).toBe(revision.hash);
    }
    const march = collected.sent.find((revision) => revision.id === made.march.id);
    const { changeSeq: _local, deleted, ...body } = made.march;
    void _local;
    const { id, rev, updatedAt, updatedBy, ...fields } = body;
    expect(march?.hash).toBe(recordHash({ id, rev, updatedAt, updatedBy, deleted, body: fields }));
  });

  it('leaves evidence records out without evidence files', async () => {
    const { repository } = await setup();
    await fillDatabase(repository);
    const collected = await repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: false,
    });
    expect(collected.records.evidence).toEqual([]);
    expect(collected.sent.some((revision) => revision.table === 'evidence')).toBe(false);
    expect(collected.records.audit.some((entry) => entry.table === 'evidence')).toBe(false);
  });

  it('sends a selection with the actors it links and the evidence naming it', async () => {
    const { repository } = await setup();
    const made = await fillDatabase(repository);
    const collected = await repository.collectExport({
      scope: { kind: 'selection', incidentIds: [made.lawsuit.id] },
      includeEvidence: true,
    });
    expect(ids(collected.records.incidents)).toEqual([made.lawsuit.id]);
    expect(ids(collected.records.actors)).toEqual([made.lawyer.id]);
    expect(ids(collected.records.evidence)).toEqual([made.lawsuitScan.id]);
    expect(new Set(collected.records.audit.map((entry) => entry.recordId))).toEqual(
      new Set([made.lawsuit.id, made.lawyer.id, made.lawsuitScan.id]),
    );
  });

  it('ignores selected ids that name no incident', async () => {
    const { repository } = await setup();
    await fillDatabase(repository);
    const collected = await repository.collectExport({
      scope: { kind: 'selection', incidentIds: [newId()] },
      includeEvidence: true,
    });
    expect(collected.records.incidents).toEqual([]);
    expect(collected.records.actors).toEqual([]);
    expect(collected.records.evidence).toEqual([]);
  });

  it('sends only what was written after a change sequence, deletions included', async () => {
    const { repository } = await setup();
    const made = await fillDatabase(repository);
    const first = await repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: true,
    });

    const nothing = await repository.collectExport({
      scope: { kind: 'since', sinceChangeSeq: first.changeSeq },
      includeEvidence: true,
    });
    expect(nothing.records.incidents).toEqual([]);
    expect(nothing.sent).toEqual([]);
    expect(nothing.changeSeq).toBe(first.changeSeq);

    await repository.updateIncident(
      made.march.id,
      sampleIncidentBody({ title: 'Марш: обновлено' }),
      made.march.rev,
    );
    await repository.deleteActor(made.lawyer.id);
    const changes = await repository.collectExport({
      scope: { kind: 'since', sinceChangeSeq: first.changeSeq },
      includeEvidence: true,
    });
    expect(ids(changes.records.incidents)).toEqual([made.march.id]);
    expect(changes.records.actors).toEqual([
      expect.objectContaining({ id: made.lawyer.id, deleted: true }),
    ]);
    expect(changes.records.evidence).toEqual([]);
    expect(changes.changeSeq).toBe(first.changeSeq + 2);
  });

  it('leaves damaged records and audit entries out and names them', async () => {
    const state = await setup();
    const made = await fillDatabase(state.repository);
    await withRawDatabase(state.database, async (db) => {
      const row = await db.incidents.get(made.march.id);
      const box = row?.body as { ct: Uint8Array } | undefined;
      if (!row || !box) throw new Error('missing row');
      const ct = new Uint8Array(box.ct);
      ct[3] = (ct[3] ?? 0) ^ 0x10;
      await db.incidents.put({ ...row, body: { ...box, ct } });
      const entry = await db.audit.get(1);
      if (!entry || !('payload' in entry)) throw new Error('missing audit entry');
      await db.audit.put({ ...entry, payload: 'not sealed' });
    });
    const collected = await state.repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: true,
    });
    expect(collected.damaged).toEqual(
      expect.arrayContaining([
        { table: 'incidents', id: made.march.id },
        { table: 'audit', id: '1' },
      ]),
    );
    expect(collected.damaged).toHaveLength(2);
    expect(ids(collected.records.incidents)).toEqual(ids([made.lawsuit, made.gone]));
    expect(collected.sent.some((revision) => revision.id === made.march.id)).toBe(false);
  });

  it('refuses a malformed request', async () => {
    const { repository } = await setup();
    await expect(
      repository.collectExport({
        scope: { kind: 'selection', incidentIds: ['not-an-id'] },
        includeEvidence: true,
      }),
    ).rejects.toThrow();
    await expect(
      repository.collectExport({
        scope: { kind: 'since', sinceChangeSeq: -1 },
        includeEvidence: true,
      }),
    ).rejects.toThrow();
  });
});

describe('markExported', () => {
  it('adds what was sent to the lineage, which the next export carries', async () => {
    const state = await setup();
    const made = await fillDatabase(state.repository);
    const first = await state.repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: true,
    });
    await state.repository.markExported({
      contactIds: [],
      bundleId: BUNDLE,
      changeSeq: first.changeSeq,
      sent: first.sent,
    });
    const again = await state.repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: true,
    });
    // The revisions are the ones already sent: their own hash is not repeated as lineage.
    expect(again.records.lineage).toEqual([]);

    const sentMarch = first.sent.find((revision) => revision.id === made.march.id);
    await state.repository.updateIncident(
      made.march.id,
      sampleIncidentBody({ title: 'Марш: исправлено' }),
      made.march.rev,
    );
    const next = await state.repository.collectExport({
      scope: { kind: 'since', sinceChangeSeq: first.changeSeq },
      includeEvidence: true,
    });
    expect(next.records.lineage).toEqual([
      { table: 'incidents', id: made.march.id, hashes: [sentMarch?.hash] },
    ]);
    expect(lineageLineSchema.parse(next.records.lineage[0])).toBeTruthy();
  });

  it("moves each recipient's watermark, never backwards, and skips unknown contacts", async () => {
    const state = await setup();
    await fillDatabase(state.repository);
    const partner = contact();
    const ahead = contact({
      lastExport: { changeSeq: 1000, bundleId: newId(), at: '2026-12-02T10:00:00.000Z' },
    });
    await storeContact(state, partner);
    await storeContact(state, ahead);
    const collected = await state.repository.collectExport({
      scope: { kind: 'full' },
      includeEvidence: false,
    });
    await state.repository.markExported({
      contactIds: [partner.id, ahead.id, newId()],
      bundleId: BUNDLE,
      changeSeq: collected.changeSeq,
      sent: collected.sent,
    });
    const moved = await readContact(state, partner.id);
    expect(moved.lastExport).toEqual({
      changeSeq: collected.changeSeq,
      bundleId: BUNDLE,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect((await readContact(state, ahead.id)).lastExport).toEqual(ahead.lastExport);
    expect({ ...moved, lastExport: null }).toEqual(partner);
  });

  it('refuses a malformed mark and writes nothing', async () => {
    const state = await setup();
    const partner = contact();
    await storeContact(state, partner);
    await expect(
      state.repository.markExported({
        contactIds: [partner.id],
        bundleId: 'not-a-uuid',
        changeSeq: 3,
        sent: [],
      }),
    ).rejects.toThrow();
    await expect(
      state.repository.markExported({
        contactIds: [partner.id],
        bundleId: BUNDLE,
        changeSeq: 3,
        sent: [{ table: 'incidents', id: newId(), hash: 'xyz' }],
      }),
    ).rejects.toThrow();
    expect((await readContact(state, partner.id)).lastExport).toBeNull();
  });
});

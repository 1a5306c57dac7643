import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actorBodySchema, type ActorBody } from '../domain/actor';
import { incidentBodySchema, type IncidentBody } from '../domain/incident';
import {
  GENESIS_HASH,
  recordHash,
  sealAuditEntry,
  verifyAuditChain,
  type StoredAuditEntry,
} from './audit-chain';
import { createDatabase } from './database';
import { dumpIndexedDb } from './raw-idb-dump';
import type { RecordCodec } from './record-codec';
import { ForeignKeyError, RecordsKeyRequiredError } from './repository';
import type { AuditEntry, Repository } from './repository-types';
import { SCHEMA_VERSIONS, type StoredRecord } from './schema';
import {
  freshTestDatabase,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  type TestDatabase,
  withRawDatabase,
  newTestCodec,
} from './test-repository';

const DEVICE = '01890a5d-ac96-7000-8000-0000000000d1';
const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

async function openSealed(database: TestDatabase, codec: RecordCodec): Promise<Repository> {
  const repository = await openTestRepository(database, { codec, deviceId: DEVICE });
  open.push(repository);
  return repository;
}

let markerCounter = 0;
const markers: string[] = [];
function nextMarker(): string {
  markerCounter += 1;
  const marker = `MARKER-${markerCounter}-ЖЫЙ`;
  markers.push(marker);
  return marker;
}

/**
 * Puts a unique marker into every string of `value` that the schema accepts
 * as free text (ids and vocabulary values refuse it and stay), one leaf at a
 * time, so every text field of the record, however deep, holds a marker.
 */
function markEveryTextField<T>(value: T, schema: z.ZodType<T>): T {
  let current: unknown = structuredClone(value);
  const visit = (path: (string | number)[], node: unknown): void => {
    if (typeof node === 'string') {
      const candidate = setAt(current, path, nextMarker());
      if (schema.safeParse(candidate).success) current = candidate;
      else markers.pop();
      return;
    }
    if (Array.isArray(node)) node.forEach((item, index) => visit([...path, index], item));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, inner] of Object.entries(node)) visit([...path, key], inner);
    }
  };
  visit([], current);
  return schema.parse(current);
}

function setAt(root: unknown, path: (string | number)[], replacement: string): unknown {
  if (path.length === 0) return replacement;
  const copy: unknown = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  path.slice(0, -1).forEach((step) => {
    node = node[step] as Record<string | number, unknown>;
  });
  node[path.at(-1) as string | number] = replacement;
  return copy;
}

const SOME_ACTOR_ID = '01890a5d-ac96-774b-bcce-b302099a8001';

/** An incident with every list filled, so every nested text field exists. */
function fullIncident(): IncidentBody {
  return markEveryTextField(
    sampleIncidentBody({
      summary: 's',
      notes: 'n',
      evidenceIds: ['e'],
      location: { region: 'bishkek', settlement: 's', place: 'p', coordinates: null },
      victims: [{ actorId: SOME_ACTOR_ID, role: 'journalist', note: 'n' }],
      groups: [{ outcome: 'detained', count: 105, qualifier: 'exact', description: 'd' }],
      perpetrators: [{ type: 'police', actorId: null, description: 'd' }],
      proceedings: [
        {
          court: 'c',
          caseNumber: 'n',
          charges: 'c',
          sentence: 's',
          money: { amount: 100, currency: 'KGS' },
          date: '2017-03-20',
          note: 'n',
        },
      ],
      sources: [
        {
          type: 'media',
          reference: 'r',
          reliability: 'high',
          consent: 'unknown',
          date: '2017-03-19',
        },
      ],
    }),
    incidentBodySchema as z.ZodType<IncidentBody>,
  );
}

function fullActor(): ActorBody {
  return markEveryTextField(
    sampleActorBody({ nameVariants: ['v1', 'v2'], affiliation: 'a', description: 'd', notes: 'n' }),
    actorBodySchema as z.ZodType<ActorBody>,
  );
}

function expectNoMarker(dump: string, used: readonly string[]): void {
  const found = used.filter((marker) => dump.includes(marker));
  expect(found).toEqual([]);
}

/** Creates, updates and deletes records, saves a draft: every kind of write, each holding markers. */
async function writeEverything(repository: Repository) {
  const incident = await repository.createIncident(fullIncident());
  const [batchOne] = await repository.createIncidents([fullIncident(), fullIncident()]);
  await repository.updateIncident(incident.id, fullIncident(), 1);
  const doomed = await repository.createIncident(fullIncident());
  await repository.deleteIncident(doomed.id);
  const actor = await repository.createActor(fullActor());
  await repository.updateActor(actor.id, fullActor(), 1);
  const draftForm = { ...fullIncident(), title: nextMarker() };
  await repository.saveDraft({
    id: incident.id,
    kind: 'incident',
    baseRev: 2,
    form: draftForm,
    savedAt: new Date().toISOString(),
  });
  return { incident, actor, batchOne, draftForm };
}

describe('a repository with the sealing codec', () => {
  it('round-trips incidents, actors, drafts and the audit log', async () => {
    const database = freshTestDatabase();
    const codec = await newTestCodec();
    const repository = await openSealed(database, codec);
    const { incident, actor, draftForm } = await writeEverything(repository);

    const incidents = await repository.listIncidents();
    expect(incidents).toHaveLength(3);
    expect(incidents.every((loaded) => loaded.ok)).toBe(true);
    const reread = await repository.getIncident(incident.id);
    expect(reread).toMatchObject({ ok: true, record: { id: incident.id, rev: 2 } });
    expect(await repository.getActor(actor.id)).toMatchObject({ ok: true, record: { rev: 2 } });
    expect((await repository.listRecentIncidents(2)).every((loaded) => loaded.ok)).toBe(true);
    expect((await repository.getDraft(incident.id))?.form).toEqual(draftForm);
    expect(repository.deviceId).toBe(DEVICE);

    const audit = await repository.readAudit();
    expect(audit.map((entry) => entry.action)).toEqual([
      'create',
      'create',
      'create',
      'update',
      'create',
      'delete',
      'create',
      'update',
    ]);
    if (!reread?.ok) throw new Error('expected the incident');
    const { id, rev, updatedAt, updatedBy, deleted } = reread.record;
    const body = incidentBodySchema.parse(reread.record); // drops the sync fields
    expect(audit[3]?.recordHash).toBe(recordHash({ id, rev, updatedAt, updatedBy, deleted, body }));
    expect(audit[3]?.changed.length).toBeGreaterThan(0);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 8 });

    // The same data opens again after a restart with the same key.
    repository.close();
    const again = await openSealed(database, codec);
    expect((await again.listIncidents()).filter((loaded) => loaded.ok)).toHaveLength(3);
  });

  it('leaves no text of any record, draft or audit entry readable in IndexedDB', async () => {
    const database = freshTestDatabase();
    const before = markers.length;
    const repository = await openSealed(database, await newTestCodec());
    await writeEverything(repository);
    const used = markers.slice(before);
    expect(used.length).toBeGreaterThan(40);

    const dump = await dumpIndexedDb(database.indexedDB);
    expectNoMarker(dump, used);
    // Also as the audit log's field names: what changed says what kind of thing was edited.
    expect(dump).not.toContain('"changed"');
    expect(dump).not.toContain('recordHash');
  });

  it('(control) the same scan finds the markers when bodies are stored in clear', async () => {
    const database = freshTestDatabase();
    const before = markers.length;
    const repository = await openTestRepository(database);
    open.push(repository);
    const { incident } = await writeEverything(repository);
    // Markers of bodies replaced or deleted since are gone; those of what is stored now must show.
    const current = JSON.stringify([
      await repository.listIncidents(),
      await repository.listActors(),
      await repository.getDraft(incident.id),
    ]);
    const stored = markers.slice(before).filter((marker) => current.includes(marker));
    expect(stored.length).toBeGreaterThan(40);
    const dump = await dumpIndexedDb(database.indexedDB);
    expect(stored.filter((marker) => dump.includes(marker))).toEqual(stored);
  });

  it('refuses another install’s key with ForeignKeyError and writes nothing', async () => {
    const database = freshTestDatabase();
    const repository = await openSealed(database, await newTestCodec());
    await writeEverything(repository);
    repository.close();
    const before = await dumpIndexedDb(database.indexedDB);

    await expect(
      openTestRepository(database, { codec: await newTestCodec(), deviceId: 'another-device' }),
    ).rejects.toThrow(ForeignKeyError);
    expect(await dumpIndexedDb(database.indexedDB)).toBe(before);
  });

  it('refuses to open sealed records without a key (it would write new ones in clear)', async () => {
    const database = freshTestDatabase();
    const repository = await openSealed(database, await newTestCodec());
    await repository.createIncident(sampleIncidentBody());
    repository.close();
    const before = await dumpIndexedDb(database.indexedDB);
    await expect(openTestRepository(database)).rejects.toThrow(RecordsKeyRequiredError);
    expect(await dumpIndexedDb(database.indexedDB)).toBe(before);
  });

  it('reports a body with one flipped byte as damaged and reads the others', async () => {
    const database = freshTestDatabase();
    const repository = await openSealed(database, await newTestCodec());
    const first = await repository.createIncident(sampleIncidentBody({ title: 'Первый' }));
    const second = await repository.createIncident(sampleIncidentBody({ title: 'Второй' }));
    await withRawDatabase(database, async (db) => {
      const row = await db.incidents.get(first.id);
      const box = row?.body as { ct: Uint8Array } | undefined;
      if (!row || !box) throw new Error('missing row');
      const ct = new Uint8Array(box.ct);
      ct[5] = (ct[5] ?? 0) ^ 0x40;
      await db.incidents.put({ ...row, body: { ...box, ct } });
    });

    const listed = await repository.listIncidents();
    expect(listed).toHaveLength(2);
    const damaged = listed.find((loaded) => !loaded.ok);
    expect(damaged).toMatchObject({ ok: false, id: first.id, rev: 1 });
    if (!damaged || damaged.ok) throw new Error('expected a damaged record');
    expect(damaged.problems).toEqual([
      'body: cannot be opened (authentication failed (wrong key, moved or damaged))',
    ]);
    expect(listed.find((loaded) => loaded.ok)).toMatchObject({ record: { id: second.id } });
    // It can be repaired by saving a new body over it.
    const repaired = await repository.updateIncident(first.id, sampleIncidentBody(), 1);
    expect(await repository.getIncident(first.id)).toEqual({ ok: true, record: repaired });
  });

  it('detects sealed bodies swapped between two records', async () => {
    const database = freshTestDatabase();
    const repository = await openSealed(database, await newTestCodec());
    const first = await repository.createIncident(sampleIncidentBody({ title: 'Первый' }));
    const second = await repository.createIncident(sampleIncidentBody({ title: 'Второй' }));
    const actor = await repository.createActor(sampleActorBody());
    await withRawDatabase(database, async (db) => {
      const [a, b] = await db.incidents.bulkGet([first.id, second.id]);
      const person = await db.actors.get(actor.id);
      if (!a || !b || !person) throw new Error('missing rows');
      await db.incidents.bulkPut([
        { ...a, body: b.body },
        { ...b, body: a.body },
      ]);
      // Same id, other table: an actor's body put under an incident's id.
      await db.actors.put({ ...person, id: first.id });
    });
    const listed = await repository.listIncidents();
    expect(listed.map((loaded) => loaded.ok)).toEqual([false, false]);
    expect(await repository.getActor(first.id)).toMatchObject({ ok: false });
  });

  it('verifies the audit chain over the sealed entries without the key, and detects tampering', async () => {
    const database = freshTestDatabase();
    const repository = await openSealed(database, await newTestCodec());
    await writeEverything(repository);
    const stored = await withRawDatabase(database, (db) => db.audit.toArray());
    const head = await withRawDatabase(database, (db) => db.meta.get('auditHead'));
    expect(verifyAuditChain(stored, head?.value as { seq: number; hash: string })).toEqual({
      ok: true,
      entries: 8,
    });

    await withRawDatabase(database, async (db) => {
      const entry = (await db.audit.get(4)) as StoredAuditEntry;
      const box = entry.payload as { ct: Uint8Array };
      const ct = new Uint8Array(box.ct);
      ct[0] = (ct[0] ?? 0) ^ 1;
      await db.audit.put({ ...entry, payload: { ...box, ct } });
    });
    expect(await repository.verifyAudit()).toEqual({
      ok: false,
      entries: 8,
      brokenAtSeq: 4,
      reason: 'hash',
    });
    await expect(repository.readAudit()).rejects.toThrow('audit entry 4');
  });

  it('keeps a draft that no longer opens from breaking the editor', async () => {
    const database = freshTestDatabase();
    const repository = await openSealed(database, await newTestCodec());
    const id = '01890a5d-ac96-774b-bcce-b302099a80aa';
    await repository.saveDraft({
      id,
      kind: 'actor',
      baseRev: 0,
      form: { name: 'Айгуль' },
      savedAt: 'now',
    });
    await withRawDatabase(database, async (db) => {
      const other = await db.drafts.get(id);
      if (!other) throw new Error('missing draft');
      await db.drafts.put({ ...other, id: 'moved-draft' }); // bound to its id: does not open elsewhere
    });
    expect((await repository.getDraft(id))?.form).toEqual({ name: 'Айгуль' });
    expect(await repository.getDraft('moved-draft')).toBeUndefined();
  });
});

const OLD_DEVICE = '01890a5d-ac96-7000-8000-0000000000aa';
const AT = '2025-05-01T08:00:00.000Z';
const OLD_IDS = [
  '01890a5d-ac96-774b-bcce-b302099a8101',
  '01890a5d-ac96-774b-bcce-b302099a8102',
  '01890a5d-ac96-774b-bcce-b302099a8103',
];

/** A database as the issue-2 version (schema 2) left it: everything in clear. */
async function issue2Database(): Promise<{ database: TestDatabase; used: string[] }> {
  const database = freshTestDatabase();
  const before = markers.length;
  const bodies = OLD_IDS.map(() => fullIncident());
  const actorBody = fullActor();
  const draftForm = { title: nextMarker() };
  const rows: StoredRecord[] = OLD_IDS.map((id, index) => ({
    id,
    rev: 1,
    updatedAt: AT,
    updatedBy: OLD_DEVICE,
    changeSeq: index + 1,
    deleted: false,
    body: bodies[index],
  }));
  const actorRow: StoredRecord = {
    id: SOME_ACTOR_ID,
    rev: 1,
    updatedAt: AT,
    updatedBy: OLD_DEVICE,
    changeSeq: 4,
    deleted: false,
    body: actorBody,
  };
  let prevHash = GENESIS_HASH;
  const audit: AuditEntry[] = [...rows, actorRow].map((row, index) => {
    const entry = sealAuditEntry({
      seq: index + 1,
      at: AT,
      device: OLD_DEVICE,
      action: 'create',
      table: row.id === SOME_ACTOR_ID ? 'actors' : 'incidents',
      recordId: row.id,
      rev: 1,
      recordHash: recordHash(row),
      changed: [nextMarker()], // stands for field names, so the scan can find them
      prevHash,
    });
    prevHash = entry.hash;
    return entry;
  });
  const old = createDatabase(database, SCHEMA_VERSIONS.slice(0, 2));
  await old.open();
  await old.incidents.bulkAdd(rows);
  await old.actors.add(actorRow);
  await old.audit.bulkAdd(audit);
  await old.drafts.add({
    id: OLD_IDS[0] ?? '',
    kind: 'incident',
    baseRev: 1,
    form: draftForm,
    savedAt: AT,
  });
  await old.meta.bulkAdd([
    { key: 'deviceId', value: OLD_DEVICE },
    { key: 'changeSeq', value: 4 },
    { key: 'auditHead', value: { seq: 4, hash: prevHash } },
  ]);
  old.close();
  return { database, used: markers.slice(before) };
}

describe('rows written in clear before sealing existed', () => {
  it('are sealed on the first open with a key, history and audit chain intact', async () => {
    const { database, used } = await issue2Database();
    expect(await dumpIndexedDb(database.indexedDB)).toContain(used[0]);
    const codec = await newTestCodec();
    const repository = await openSealed(database, codec);

    expectNoMarker(await dumpIndexedDb(database.indexedDB), used);
    const listed = await repository.listIncidents();
    expect(listed.map((loaded) => loaded.ok && loaded.record.rev)).toEqual([1, 1, 1]);
    expect((await repository.getDraft(OLD_IDS[0] ?? ''))?.form).toEqual({ title: used.at(-5) });
    const audit = await repository.readAudit();
    expect(audit).toHaveLength(4);
    expect(audit[3]?.changed).toEqual([used.at(-1)]);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 4 });
    await repository.createIncident(sampleIncidentBody());
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 5 });
    expect(await withRawDatabase(database, (db) => db.meta.get('resealPending'))).toBeUndefined();
  });

  it('resume sealing after an interruption', async () => {
    const { database, used } = await issue2Database();
    const codec = await newTestCodec();
    let sealsLeft = 6;
    const failing: RecordCodec = {
      ...codec,
      seal: (value, aad) => {
        sealsLeft -= 1;
        // The key check, 3 incidents, the actor and the draft get sealed; the audit log is not.
        return sealsLeft >= 0 ? codec.seal(value, aad) : Promise.reject(new Error('power cut'));
      },
    };
    await expect(openTestRepository(database, { codec: failing })).rejects.toThrow('power cut');
    expect((await withRawDatabase(database, (db) => db.meta.get('resealPending')))?.value).toBe(
      true,
    );

    const halfway = await withRawDatabase(database, (db) => db.incidents.toArray());
    expect(halfway.every((row) => codec.isSealed?.(row.body))).toBe(true);

    const repository = await openSealed(database, codec);
    expectNoMarker(await dumpIndexedDb(database.indexedDB), used);
    expect((await repository.listIncidents()).every((loaded) => loaded.ok)).toBe(true);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 4 });
  });

  it('keep reporting an audit chain that was already broken before sealing', async () => {
    const { database } = await issue2Database();
    await withRawDatabase(database, (db) =>
      db.audit.update(2, (entry) => {
        (entry as AuditEntry).rev = 7;
      }),
    );
    const repository = await openSealed(database, await newTestCodec());
    expect(await repository.verifyAudit()).toMatchObject({
      ok: false,
      brokenAtSeq: 2,
      reason: 'hash',
    });
  });

  it('are sealed too when a database used without a vault gets its first key', async () => {
    const database = freshTestDatabase();
    const before = markers.length;
    const plain = await openTestRepository(database);
    await writeEverything(plain);
    plain.close();
    const repository = await openSealed(database, await newTestCodec());
    expectNoMarker(await dumpIndexedDb(database.indexedDB), markers.slice(before));
    expect((await repository.listIncidents()).every((loaded) => loaded.ok)).toBe(true);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 8 });
  });
});

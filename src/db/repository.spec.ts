import { afterEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  RecordNotFoundError,
  StaleRevisionError,
  type Repository,
  type RepositoryChange,
} from './repository-types';
import {
  freshTestDatabase,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  type TestDatabase,
  withRawDatabase,
} from './test-repository';
import type { IncidentBody } from '../domain/incident';

const open: Repository[] = [];

async function openTracked(
  database: TestDatabase = freshTestDatabase(),
  deviceId?: string,
): Promise<Repository> {
  const repository = await openTestRepository(database, deviceId ? { deviceId } : {});
  open.push(repository);
  return repository;
}

async function counts(database: TestDatabase) {
  return withRawDatabase(database, async (db) => ({
    incidents: await db.incidents.count(),
    audit: await db.audit.count(),
    changeSeq: (await db.meta.get('changeSeq'))?.value,
  }));
}

function expectOk<T>(loaded: { ok: true; record: T } | { ok: false } | undefined): T {
  if (!loaded || !loaded.ok)
    throw new Error(`expected a valid record, got ${JSON.stringify(loaded)}`);
  return loaded.record;
}

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

describe('incidents', () => {
  it('creates a record with sync fields and reads it back', async () => {
    const repository = await openTracked();
    const created = await repository.createIncident(sampleIncidentBody());
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.rev).toBe(1);
    expect(created.updatedBy).toBe(repository.deviceId);
    expect(created.deleted).toBe(false);
    expect(Date.parse(created.updatedAt)).not.toBeNaN();
    const loaded = expectOk(await repository.getIncident(created.id));
    expect(loaded).toEqual(created);
    expect(loaded.location.region).toBe('bishkek');
  });

  it('fills schema defaults on write', async () => {
    const repository = await openTracked();
    const partial = { ...sampleIncidentBody() } as Partial<IncidentBody>;
    delete partial.notes;
    delete partial.sources;
    const created = await repository.createIncident(partial as IncidentBody);
    expect(created.notes).toBe('');
    expect(created.sources).toEqual([]);
  });

  it('uses the id the editor chose, and refuses to create it twice', async () => {
    const repository = await openTracked();
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    await repository.createIncident(sampleIncidentBody(), id);
    expect(expectOk(await repository.getIncident(id)).id).toBe(id);
    const second = repository.createIncident(sampleIncidentBody(), id);
    await expect(second).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(second).rejects.toMatchObject({ expectedRev: 0, actualRev: 1 });
    await expect(
      repository.createIncident(sampleIncidentBody(), 'not-a-uuid'),
    ).rejects.toBeInstanceOf(ZodError);
  });

  it('bumps rev on update and records which top-level fields changed', async () => {
    const repository = await openTracked();
    const created = await repository.createIncident(sampleIncidentBody());
    const updated = await repository.updateIncident(
      created.id,
      sampleIncidentBody({ status: 'complete', notes: 'Адвокаттар сотко киргизилген жок.' }),
      1,
    );
    expect(updated.rev).toBe(2);
    expect(updated.changeSeq).toBeGreaterThan(created.changeSeq);
    expect(expectOk(await repository.getIncident(created.id)).status).toBe('complete');
    const audit = await repository.readAudit();
    expect(audit.map((entry) => [entry.action, entry.rev])).toEqual([
      ['create', 1],
      ['update', 2],
    ]);
    expect(audit[0]?.changed).toEqual([]);
    expect(audit[1]?.changed).toEqual(['notes', 'status']);
  });

  it('rejects an update from a stale revision and keeps the newer one', async () => {
    const repository = await openTracked();
    const created = await repository.createIncident(sampleIncidentBody());
    await repository.updateIncident(created.id, sampleIncidentBody({ notes: 'first window' }), 1);
    const stale = repository.updateIncident(
      created.id,
      sampleIncidentBody({ notes: 'second window' }),
      1,
    );
    await expect(stale).rejects.toBeInstanceOf(StaleRevisionError);
    await expect(stale).rejects.toMatchObject({ id: created.id, expectedRev: 1, actualRev: 2 });
    expect(expectOk(await repository.getIncident(created.id)).notes).toBe('first window');
    expect(await repository.readAudit()).toHaveLength(2);
  });

  it('detects a stale revision written by another connection (another window)', async () => {
    const database = freshTestDatabase();
    const first = await openTracked(database);
    const second = await openTracked(database);
    const created = await first.createIncident(sampleIncidentBody());
    await second.updateIncident(created.id, sampleIncidentBody({ notes: 'from window 2' }), 1);
    await expect(
      first.updateIncident(created.id, sampleIncidentBody({ notes: 'from window 1' }), 1),
    ).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await first.verifyAudit()).ok).toBe(true);
  });

  it('refuses to update an unknown id', async () => {
    const repository = await openTracked();
    await expect(
      repository.updateIncident('01890a5d-ac96-774b-bcce-b302099a8057', sampleIncidentBody(), 1),
    ).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('rejects an invalid body with the ZodError and leaves the database unchanged', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    const created = await repository.createIncident(sampleIncidentBody());
    const before = await counts(database);

    const invalidCreate = repository.createIncident(sampleIncidentBody({ title: '' }));
    await expect(invalidCreate).rejects.toBeInstanceOf(ZodError);
    const error = (await invalidCreate.catch((caught: unknown) => caught)) as ZodError;
    expect(error.issues[0]?.path).toEqual(['title']);
    expect(error.issues[0]?.message).toBe('title.required');

    const invalidUpdate = repository.updateIncident(
      created.id,
      { ...sampleIncidentBody(), categories: ['not-a-category'] } as unknown as IncidentBody,
      1,
    );
    await expect(invalidUpdate).rejects.toBeInstanceOf(ZodError);

    expect(await counts(database)).toEqual(before);
    expect(expectOk(await repository.getIncident(created.id)).rev).toBe(1);
  });

  it('deletes by writing a tombstone that lists and get no longer show', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    const kept = await repository.createIncident(sampleIncidentBody({ title: 'Kept' }));
    const removed = await repository.createIncident(sampleIncidentBody({ title: 'Removed' }));
    await repository.deleteIncident(removed.id);

    expect(await repository.getIncident(removed.id)).toBeUndefined();
    const listed = await repository.listIncidents();
    expect(listed.map((loaded) => expectOk(loaded).id)).toEqual([kept.id]);
    expect((await repository.listRecentIncidents(10)).map((l) => expectOk(l).id)).toEqual([
      kept.id,
    ]);

    const stored = await withRawDatabase(database, (db) => db.incidents.get(removed.id));
    expect(stored).toMatchObject({ id: removed.id, rev: 2, deleted: true, body: null });
    const audit = await repository.readAudit();
    expect(audit.at(-1)).toMatchObject({
      action: 'delete',
      recordId: removed.id,
      rev: 2,
      changed: [],
    });

    // Deleting again changes nothing; updating a tombstone is refused.
    await repository.deleteIncident(removed.id);
    expect(await repository.readAudit()).toHaveLength(audit.length);
    await expect(
      repository.updateIncident(removed.id, sampleIncidentBody(), 2),
    ).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(
      repository.deleteIncident('01890a5d-ac96-774b-bcce-b302099a8057'),
    ).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('lists the most recently changed first, only as many as asked', async () => {
    const repository = await openTracked();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await repository.createIncident(sampleIncidentBody({ title: `#${i}` }))).id);
      await new Promise((resolve) => setTimeout(resolve, 2)); // distinct updatedAt
    }
    await repository.updateIncident(ids[1] as string, sampleIncidentBody({ title: '#1 again' }), 1);
    const recent = await repository.listRecentIncidents(3);
    expect(recent.map((loaded) => expectOk(loaded).title)).toEqual(['#1 again', '#4', '#3']);
    expect(await repository.listRecentIncidents(0)).toEqual([]);
  });
});

describe('a damaged stored row', () => {
  it('comes back as ok:false with its raw value and problems, in get and in lists', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    const good = await repository.createIncident(sampleIncidentBody());
    const damagedId = '01890a5d-ac96-774b-bcce-b302099a8057';
    const damagedBody = { ...sampleIncidentBody(), title: '', categories: ['riot'] };
    await withRawDatabase(database, (db) =>
      db.incidents.put({
        id: damagedId,
        rev: 3,
        updatedAt: '2017-03-19T10:00:00.000Z',
        updatedBy: 'old-device',
        changeSeq: 99,
        deleted: false,
        body: damagedBody,
      }),
    );

    const loaded = await repository.getIncident(damagedId);
    expect(loaded).toMatchObject({ ok: false, id: damagedId, rev: 3 });
    if (!loaded || loaded.ok) throw new Error('expected a damaged record');
    expect(loaded.updatedAt).toBe('2017-03-19T10:00:00.000Z');
    expect(loaded.raw).toMatchObject({ id: damagedId, body: damagedBody });
    expect(loaded.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^title: title\.required$/),
        expect.stringMatching(/^categories\.0: /),
      ]),
    );

    const listed = await repository.listIncidents();
    expect(listed).toHaveLength(2);
    expect(listed.filter((l) => l.ok).map((l) => (l.ok ? l.record.id : ''))).toEqual([good.id]);
    expect((await repository.listRecentIncidents(5)).some((l) => !l.ok)).toBe(true);
  });

  it('whose body is not an object, or whose sync fields are broken, still lists', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    await withRawDatabase(database, (db) =>
      db.incidents.bulkPut([
        {
          id: 'a',
          rev: 1,
          updatedAt: '2020-01-01T00:00:00.000Z',
          updatedBy: 'd',
          changeSeq: 1,
          deleted: false,
          body: 'garbage',
        },
        {
          id: 'b',
          rev: -4,
          updatedAt: 'yesterday',
          updatedBy: 'd',
          changeSeq: 2,
          deleted: false,
          body: sampleIncidentBody(),
        },
      ]),
    );
    const listed = await repository.listIncidents();
    expect(listed).toHaveLength(2);
    const [first, second] = listed;
    if (!first || first.ok || !second || second.ok) throw new Error('expected damaged records');
    expect(first.problems[0]).toBe('body: not an object');
    expect(second.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^id: /), expect.stringMatching(/^rev: /)]),
    );
    expect(second.rev).toBe(-4);
  });
});

describe('repairing a damaged record', () => {
  it('saves a valid body over it from the rev it was read at', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    const id = '01890a5d-ac96-774b-bcce-b302099a8057';
    await withRawDatabase(database, (db) =>
      db.incidents.put({
        id,
        rev: 4,
        updatedAt: '2019-01-01T00:00:00.000Z',
        updatedBy: 'old-device',
        changeSeq: 7,
        deleted: false,
        body: { title: 42 },
      }),
    );
    const damaged = await repository.getIncident(id);
    if (!damaged || damaged.ok) throw new Error('expected a damaged record');
    const repaired = await repository.updateIncident(id, sampleIncidentBody(), damaged.rev);
    expect(repaired.rev).toBe(5);
    expect(await repository.getIncident(id)).toEqual({ ok: true, record: repaired });
    expect((await repository.readAudit()).at(-1)?.changed).toContain('title');
  });
});

describe('change sequence and device', () => {
  it('takes one local change sequence across incidents and actors, strictly increasing', async () => {
    const repository = await openTracked();
    const incident = await repository.createIncident(sampleIncidentBody());
    const actor = await repository.createActor(sampleActorBody());
    const updated = await repository.updateIncident(incident.id, sampleIncidentBody(), 1);
    const actorUpdated = await repository.updateActor(
      actor.id,
      sampleActorBody({ affiliation: 'BBC' }),
      1,
    );
    expect([
      incident.changeSeq,
      actor.changeSeq,
      updated.changeSeq,
      actorUpdated.changeSeq,
    ]).toEqual([1, 2, 3, 4]);
    await repository.deleteActor(actor.id);
    const audit = await repository.readAudit();
    expect(audit.map((entry) => entry.table)).toEqual([
      'incidents',
      'actors',
      'incidents',
      'actors',
      'actors',
    ]);
    expect(await repository.readAudit(4)).toHaveLength(2);
  });

  it('keeps the generated device id across reopening, and takes one given by the vault', async () => {
    const database = freshTestDatabase();
    const first = await openTestRepository(database);
    const generated = first.deviceId;
    expect(generated).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    first.close();
    const again = await openTracked(database);
    expect(again.deviceId).toBe(generated);
    const created = await again.createIncident(sampleIncidentBody());
    expect(created.updatedBy).toBe(generated);
    expect((await again.readAudit())[0]?.device).toBe(generated);
    again.close();

    const fromVault = await openTracked(database, 'device-from-vault');
    expect(fromVault.deviceId).toBe('device-from-vault');
    fromVault.close();
    expect((await openTracked(database)).deviceId).toBe('device-from-vault');
  });
});

describe('actors', () => {
  it('create, update with rev, stale rejection, delete', async () => {
    const repository = await openTracked();
    const actor = await repository.createActor(sampleActorBody());
    expect(expectOk(await repository.getActor(actor.id)).nameVariants).toEqual(['BBC journalist']);
    const renamed = await repository.updateActor(
      actor.id,
      sampleActorBody({ nameVariants: ['BBC journalist', 'Би-би-си кабарчысы'] }),
      1,
    );
    expect(renamed.rev).toBe(2);
    await expect(repository.updateActor(actor.id, sampleActorBody(), 1)).rejects.toBeInstanceOf(
      StaleRevisionError,
    );
    await expect(repository.createActor(sampleActorBody({ name: '' }))).rejects.toBeInstanceOf(
      ZodError,
    );
    expect((await repository.listActors()).map((l) => expectOk(l).rev)).toEqual([2]);
    await repository.deleteActor(actor.id);
    expect(await repository.listActors()).toEqual([]);
    expect(await repository.getActor(actor.id)).toBeUndefined();
  });
});

describe('drafts', () => {
  it('round-trip whatever the form holds, valid or not, without audit or change events', async () => {
    const repository = await openTracked();
    const changes: RepositoryChange[] = [];
    repository.onChange((change) => changes.push(change));
    const draft = {
      id: '01890a5d-ac96-774b-bcce-b302099a8057',
      kind: 'incident' as const,
      baseRev: 0,
      form: { title: '', groups: [{ count: 'сто пять' }] },
      savedAt: '2026-11-28T19:30:00.000Z',
    };
    await repository.saveDraft(draft);
    expect(await repository.getDraft(draft.id)).toEqual(draft);
    await repository.saveDraft({ ...draft, form: { title: 'Марш' } });
    expect((await repository.getDraft(draft.id))?.form).toEqual({ title: 'Марш' });
    await repository.deleteDraft(draft.id);
    expect(await repository.getDraft(draft.id)).toBeUndefined();
    expect(await repository.readAudit()).toEqual([]);
    expect(changes).toEqual([]);
  });
});

describe('batch creation', () => {
  it('writes all bodies in one go with consecutive change sequences', async () => {
    const repository = await openTracked();
    const bodies = Array.from({ length: 250 }, (_, i) => sampleIncidentBody({ title: `№${i}` }));
    const created = await repository.createIncidents(bodies);
    expect(created).toHaveLength(250);
    expect(created.map((record) => record.changeSeq)).toEqual(
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
    expect(await repository.listIncidents()).toHaveLength(250);
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 250 });
  });

  it('is all or nothing: one invalid body writes nothing and says which one', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    await repository.createIncident(sampleIncidentBody());
    const before = await counts(database);
    const bodies = Array.from({ length: 50 }, () => sampleIncidentBody());
    bodies[37] = sampleIncidentBody({ title: '' });
    const failure = (await repository
      .createIncidents(bodies)
      .catch((caught: unknown) => caught)) as ZodError;
    expect(failure).toBeInstanceOf(ZodError);
    expect(failure.issues[0]?.path).toEqual([37, 'title']);
    expect(await counts(database)).toEqual(before);
  });

  it('is all or nothing when the transaction fails half-way', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    const existing = await repository.createIncident(sampleIncidentBody());
    const before = await counts(database);
    // Make the audit append collide with an entry already there, after the
    // rows have been queued: the whole transaction must roll back.
    await withRawDatabase(database, async (db) => {
      const head = await db.audit.get(1);
      if (!head) throw new Error('no audit entry');
      await db.audit.put({ ...head, seq: 3 });
    });
    await expect(
      repository.createIncidents([sampleIncidentBody(), sampleIncidentBody()]),
    ).rejects.toThrow();
    const after = await counts(database);
    expect(after.incidents).toBe(before.incidents);
    expect(after.changeSeq).toBe(before.changeSeq);
    expect((await repository.listIncidents()).map((l) => expectOk(l).id)).toEqual([existing.id]);
  });
});

describe('onChange', () => {
  it('fires after commit for incidents and actors, and stops after unsubscribe', async () => {
    const database = freshTestDatabase();
    const repository = await openTracked(database);
    const seen: RepositoryChange[] = [];
    const unsubscribe = repository.onChange((change) => {
      seen.push(change);
    });
    const committedWhenNotified: boolean[] = [];
    const stopChecking = repository.onChange((change) => {
      if (change.table !== 'incidents') return;
      // The change must already be readable through a separate connection.
      void withRawDatabase(database, (db) => db.incidents.get(change.id)).then((row) =>
        committedWhenNotified.push(row !== undefined),
      );
    });
    const incident = await repository.createIncident(sampleIncidentBody());
    const actor = await repository.createActor(sampleActorBody());
    await repository.deleteIncident(incident.id);
    await expect(repository.createIncident(sampleIncidentBody({ title: '' }))).rejects.toThrow();
    unsubscribe();
    stopChecking();
    await repository.createIncident(sampleIncidentBody());
    expect(seen).toEqual([
      { table: 'incidents', id: incident.id },
      { table: 'actors', id: actor.id },
      { table: 'incidents', id: incident.id },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(committedWhenNotified).toEqual([true, true]);
  });

  it('tells another window on the same database about changes', async () => {
    const database = freshTestDatabase();
    const writer = await openTracked(database);
    const reader = await openTracked(database);
    const received = new Promise<RepositoryChange>((resolve) => {
      reader.onChange(resolve);
    });
    const created = await writer.createIncident(sampleIncidentBody());
    await expect(received).resolves.toEqual({ table: 'incidents', id: created.id });
  });

  it('a throwing listener does not fail the write or silence others', async () => {
    const repository = await openTracked();
    const seen: string[] = [];
    const consoleError = console.error;
    console.error = () => undefined;
    try {
      repository.onChange(() => {
        throw new Error('listener bug');
      });
      repository.onChange((change) => seen.push(change.id));
      const created = await repository.createIncident(sampleIncidentBody());
      expect(seen).toEqual([created.id]);
    } finally {
      console.error = consoleError;
    }
  });
});

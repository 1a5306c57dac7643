import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordCodec } from './record-codec';
import type { Draft, Repository } from './repository-types';
import {
  freshTestDatabase,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  type TestDatabase,
  withRawDatabase,
  newTestCodec,
} from './test-repository';

const DEVICE = '01890a5d-ac96-7000-8000-0000000000d2';
const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
  vi.restoreAllMocks();
});

async function openWith(database: TestDatabase, codec?: RecordCodec): Promise<Repository> {
  const repository = await openTestRepository(database, codec ? { codec, deviceId: DEVICE } : {});
  open.push(repository);
  return repository;
}

const id = (n: number) => `01890a5d-ac96-774b-bcce-b302099a8${String(n).padStart(3, '0')}`;

function draft(n: number, overrides: Partial<Draft> = {}): Draft {
  return {
    id: id(n),
    kind: 'incident',
    baseRev: 0,
    form: { title: `Черновик ${n}`, summary: '' },
    savedAt: `2026-11-28T19:${String(n).padStart(2, '0')}:00.000Z`,
    ...overrides,
  };
}

describe.each([
  ['in clear', false],
  ['sealed', true],
] as const)('listDrafts (%s)', (_label, sealed) => {
  const openRepository = async (database = freshTestDatabase()) =>
    openWith(database, sealed ? await newTestCodec() : undefined);

  it('lists drafts of new records with their title or name, most recently edited first', async () => {
    const repository = await openRepository();
    await repository.saveDraft(draft(1));
    await repository.saveDraft(
      draft(3, { kind: 'actor', form: { kind: 'person', name: 'Айгуль Бакирова' } }),
    );
    await repository.saveDraft(draft(2, { form: { title: 'Задержание в Оше' } }));

    expect(await repository.listDrafts()).toEqual([
      { id: id(3), kind: 'actor', savedAt: draft(3).savedAt, title: 'Айгуль Бакирова' },
      { id: id(2), kind: 'incident', savedAt: draft(2).savedAt, title: 'Задержание в Оше' },
      { id: id(1), kind: 'incident', savedAt: draft(1).savedAt, title: 'Черновик 1' },
    ]);
    expect((await repository.listDrafts('incident')).map((d) => d.id)).toEqual([id(2), id(1)]);
    expect((await repository.listDrafts('actor')).map((d) => d.id)).toEqual([id(3)]);
  });

  it('leaves out drafts of records that exist, saved before or just now', async () => {
    const repository = await openRepository();
    const incident = await repository.createIncident(sampleIncidentBody());
    const actor = await repository.createActor(sampleActorBody());
    // Editing saved records: their drafts come back when the record opens.
    await repository.saveDraft(draft(1, { id: incident.id, baseRev: 1 }));
    await repository.saveDraft(
      draft(2, { id: actor.id, kind: 'actor', baseRev: 1, form: { name: 'x' } }),
    );
    // The first commit of a new record has happened but its draft is not deleted yet.
    await repository.saveDraft(draft(3));
    await repository.createIncident(sampleIncidentBody(), id(3));
    // Still new: listed.
    await repository.saveDraft(draft(4));

    expect((await repository.listDrafts()).map((d) => d.id)).toEqual([id(4)]);
  });

  it('gives an empty title when the form has no text in its title or name field', async () => {
    const repository = await openRepository();
    await repository.saveDraft(draft(1, { form: { title: 42 } }));
    await repository.saveDraft(draft(2, { form: null }));
    await repository.saveDraft(draft(3, { kind: 'actor', form: { title: 'not a name field' } }));
    await repository.saveDraft(draft(4, { form: 'just text' }));

    const titles = (await repository.listDrafts()).map((d) => [d.id, d.title]);
    expect(titles).toEqual([
      [id(4), ''],
      [id(3), ''],
      [id(2), ''],
      [id(1), ''],
    ]);
  });

  it('is empty with no drafts and forgets deleted ones', async () => {
    const repository = await openRepository();
    expect(await repository.listDrafts()).toEqual([]);
    await repository.saveDraft(draft(1));
    await repository.deleteDraft(id(1));
    expect(await repository.listDrafts()).toEqual([]);
  });
});

describe('listDrafts with the sealing codec', () => {
  it('skips a draft that no longer opens, with a warning, and lists the others', async () => {
    const database = freshTestDatabase();
    const repository = await openWith(database, await newTestCodec());
    await repository.saveDraft(draft(1));
    await repository.saveDraft(draft(2));
    await withRawDatabase(database, async (db) => {
      const stored = await db.drafts.get(id(1));
      if (!stored) throw new Error('missing draft');
      // Sealed to its own id: under another id it does not open.
      await db.drafts.put({ ...stored, id: id(5) });
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect((await repository.listDrafts()).map((d) => d.id)).toEqual([id(2), id(1)]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(`draft ${id(5)} cannot be opened`),
      expect.anything(),
    );
  });

  it('keeps the title sealed at rest: it is read only through the codec', async () => {
    const database = freshTestDatabase();
    const repository = await openWith(database, await newTestCodec());
    await repository.saveDraft(draft(1, { form: { title: 'Марш в Бишкеке' } }));
    const raw = await withRawDatabase(database, (db) => db.drafts.get(id(1)));
    expect(JSON.stringify(raw)).not.toContain('Бишкеке');
    expect((await repository.listDrafts())[0]?.title).toBe('Марш в Бишкеке');
  });
});

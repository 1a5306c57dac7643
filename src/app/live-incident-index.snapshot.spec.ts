import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordCodec } from '../db/record-codec';
import type { Repository, RepositoryChange } from '../db/repository-types';
import { snapshotAad } from '../db/search-snapshot-store';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  withRawDatabase,
  type TestDatabase,
} from '../db/test-repository';
import { newId } from '../domain/ids';
import type { IncidentBody } from '../domain/incident';
import { IncidentIndex, NO_FILTERS, type IncidentFilters } from '../incidents/search/search-index';
import { storedIndexSnapshots } from '../incidents/search/stored-snapshots';
import { LiveIncidentIndex, type LiveIndexOptions } from './live-incident-index';

const QUERIES: Partial<IncidentFilters>[] = [
  {},
  { text: 'марш' },
  { text: 'жапаров' },
  { text: 'japarov' },
  { text: 'бишкек' },
  { text: 'a' },
  { text: 'sadyr' },
  { categories: ['assembly'] },
  { regions: ['chuy_oblast'], dateFrom: '2016' },
];

const open: Repository[] = [];
const live: LiveIncidentIndex<IncidentIndex>[] = [];
afterEach(() => {
  for (const index of live.splice(0)) index.stop();
  for (const repository of open.splice(0)) repository.close();
  vi.restoreAllMocks();
});

async function openSealed(database: TestDatabase, codec: RecordCodec): Promise<Repository> {
  const repository = await openTestRepository(database, { codec });
  open.push(repository);
  return repository;
}

const immediately = (): Promise<void> => Promise.resolve();

/** A live IncidentIndex with stored snapshots, counting full builds (those given actors or many records). */
function liveIndex(
  repository: Repository,
  options: Partial<LiveIndexOptions> = {},
): { index: LiveIncidentIndex<IncidentIndex>; fullBuilds: () => number } {
  let fullBuilds = 0;
  const index = new LiveIncidentIndex<IncidentIndex>(
    repository,
    (incidents, actors) => {
      if (incidents.length > 2 || actors.length > 0) fullBuilds += 1;
      return IncidentIndex.build(incidents, actors);
    },
    { recentLimit: 2, batchDelayMs: 1, ...options },
    storedIndexSnapshots(repository, { sliceSize: 3, yieldToUi: immediately }),
  );
  live.push(index);
  return { index, fullBuilds: () => fullBuilds };
}

function ready(index: LiveIncidentIndex<IncidentIndex>): IncidentIndex {
  const snapshot = index.getSnapshot();
  if (snapshot.phase !== 'ready') throw new Error(`phase ${snapshot.phase}`);
  return snapshot.index;
}

/** What a fresh full build over the repository answers to every query. */
async function expected(repository: Repository): Promise<unknown[]> {
  const built = IncidentIndex.build(
    await repository.listIncidents(),
    await repository.listActors(),
  );
  return QUERIES.map((query) => built.search({ ...NO_FILTERS, ...query }));
}

function answers(index: IncidentIndex): unknown[] {
  return QUERIES.map((query) => index.search({ ...NO_FILTERS, ...query }));
}

function marchOn(day: number, overrides: Partial<IncidentBody> = {}): IncidentBody {
  return sampleIncidentBody({
    title: `Марш ${day}`,
    date: { precision: 'day', start: `2017-03-${String(day).padStart(2, '0')}`, end: '' },
    ...overrides,
  });
}

/** A sealed database with linked actors, and a snapshot of it stored by a first session. */
async function withStoredSnapshot(): Promise<{
  database: TestDatabase;
  codec: RecordCodec;
  repository: Repository;
}> {
  const database = freshTestDatabase();
  const codec = await newTestCodec();
  const repository = await openSealed(database, codec);
  const actor = await repository.createActor(
    sampleActorBody({ name: 'Садыр Жапаров', nameVariants: ['Sadyr Japarov'] }),
  );
  await repository.createIncidents([1, 2, 3, 4, 5, 6].map((day) => marchOn(day)));
  await repository.createIncident(
    marchOn(7, { victims: [{ actorId: actor.id, role: 'mp', note: '' }] }),
  );
  const first = liveIndex(repository);
  await first.index.start();
  await first.index.settled();
  expect(first.fullBuilds()).toBe(1);
  expect((await repository.readSearchSnapshot()).status).toBe('ok');
  first.index.stop();
  return { database, codec, repository };
}

async function tamperChunk(database: TestDatabase): Promise<void> {
  await withRawDatabase(database, async (db) => {
    const table = db.table<{ part: number; body: { ct: Uint8Array } }, number>('searchSnapshot');
    const chunk = await table.get(1);
    if (!chunk) throw new Error('no chunk to tamper with');
    chunk.body.ct[0] = (chunk.body.ct[0] as number) ^ 0xff;
    await table.put(chunk);
  });
}

describe('LiveIncidentIndex with stored snapshots', () => {
  it('loads the snapshot and catches up with edits, deletions and actor changes made since', async () => {
    const { repository } = await withStoredSnapshot();
    const incidents = await repository.listIncidents();
    const [edited, deleted] = incidents.map((item) => (item.ok ? item.record : null));
    if (!edited || !deleted) throw new Error('records missing');
    await repository.updateIncident(edited.id, marchOn(20, { title: 'Марш изменён' }), edited.rev);
    await repository.deleteIncident(deleted.id);
    const [actor] = await repository.listActors();
    if (!actor?.ok) throw new Error('actor missing');
    await repository.updateActor(
      actor.record.id,
      sampleActorBody({ name: 'Бектур Асанов', nameVariants: ['Bektur Asanov'] }),
      actor.record.rev,
    );
    const newcomer = await repository.createActor(sampleActorBody({ name: 'Жапаров Тилек' }));
    await repository.createIncident(
      marchOn(21, { victims: [{ actorId: newcomer.id, role: 'activist', note: '' }] }),
    );

    const second = liveIndex(repository);
    await second.index.start();
    await second.index.settled();
    expect(second.fullBuilds()).toBe(0);
    const index = ready(second.index);
    expect(answers(index)).toEqual(await expected(repository));
    expect(index.search({ ...NO_FILTERS, text: 'sadyr' })).toEqual([]);
    expect(index.search({ ...NO_FILTERS, text: 'bektur' }).map((found) => found.title)).toEqual([
      'Марш 7',
    ]);
    expect(index.get(deleted.id)).toBeUndefined();
  });

  it('builds from the records when a chunk was tampered with, and stores a good snapshot again', async () => {
    const { database, repository } = await withStoredSnapshot();
    await tamperChunk(database);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const second = liveIndex(repository);
    await second.index.start();
    await second.index.settled();
    expect(second.fullBuilds()).toBe(1);
    expect(warn).toHaveBeenCalled();
    expect(answers(ready(second.index))).toEqual(await expected(repository));
    expect((await repository.readSearchSnapshot()).status).toBe('ok');
  });

  it('ignores a snapshot of another format', async () => {
    const { repository } = await withStoredSnapshot();
    const stored = await repository.readSearchSnapshot();
    if (stored.status !== 'ok') throw new Error('no snapshot');
    await repository.writeSearchSnapshot({ ...stored.snapshot, format: 99 });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const second = liveIndex(repository);
    await second.index.start();
    await second.index.settled();
    expect(second.fullBuilds()).toBe(1);
    expect(answers(ready(second.index))).toEqual(await expected(repository));
  });

  it('ignores a snapshot of the previous storage layout (JSON text chunks), builds, and stores the current one', async () => {
    const { database, codec, repository } = await withStoredSnapshot();
    const id = newId();
    // Layout 1, as an older version stored it: base64 of raw DEFLATE in sealed JSON strings.
    const oldHeader = {
      layout: 1,
      snapshot: id,
      format: 1,
      changeSeq: 1,
      counts: { incidents: 0, actors: 0, words: 0, postings: 0 },
      sectionBytes: [3],
      packedLength: 8,
      chunks: 1,
    };
    const oldRows = [
      { part: 0, snapshot: id, body: await codec.seal(oldHeader, snapshotAad(id, 0)) },
      { part: 1, snapshot: id, body: await codec.seal('SytKBAA=', snapshotAad(id, 1)) },
    ];
    await withRawDatabase(database, async (db) => {
      const table = db.table('searchSnapshot');
      await table.clear();
      await table.bulkAdd(oldRows);
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const second = liveIndex(repository);
    await second.index.start();
    await second.index.settled();
    expect(second.fullBuilds()).toBe(1);
    expect(warn).toHaveBeenCalledWith('stored search index snapshot ignored:', expect.any(String));
    expect(answers(ready(second.index))).toEqual(await expected(repository));
    const rewritten = await withRawDatabase(database, (db) =>
      db.table<{ snapshot: string }, number>('searchSnapshot').toArray(),
    );
    expect(rewritten.some((row) => row.snapshot === id)).toBe(false);
    expect((await repository.readSearchSnapshot()).status).toBe('ok');
    const third = liveIndex(repository);
    await third.index.start();
    expect(third.fullBuilds()).toBe(0);
  });

  it('stores a fresh snapshot once enough changes were applied', async () => {
    const { repository } = await withStoredSnapshot();
    const second = liveIndex(repository, { snapshotAfterChanges: 3 });
    await second.index.start();
    await second.index.settled();
    const before = await repository.readSearchSnapshot();
    await repository.createIncident(marchOn(10));
    await second.index.settled();
    expect(await repository.readSearchSnapshot()).toEqual(before);

    await repository.createIncident(marchOn(11));
    await repository.createIncident(marchOn(12));
    await second.index.settled();
    const after = await repository.readSearchSnapshot();
    const { changeSeq } = await repository.listChangesSince(Number.MAX_SAFE_INTEGER);
    expect(after.status === 'ok' && after.snapshot.changeSeq).toBe(changeSeq);

    // A third session loads it with nothing to catch up, and misses nothing.
    const third = liveIndex(repository);
    await third.index.start();
    expect(third.fullBuilds()).toBe(0);
    expect(answers(ready(third.index))).toEqual(await expected(repository));
  });

  it('keeps a change committed while the snapshot is being read, in the index and in the next start', async () => {
    const database = freshTestDatabase();
    const codec = await newTestCodec();
    const repository = await openSealed(database, codec);
    await repository.createIncidents([1, 2, 3, 4].map((day) => marchOn(day)));
    let committed: Promise<unknown> | null = null;
    const first = new LiveIncidentIndex<IncidentIndex>(
      repository,
      (incidents, actors) => IncidentIndex.build(incidents, actors),
      { recentLimit: 2, batchDelayMs: 1 },
      storedIndexSnapshots(repository, {
        sliceSize: 1,
        yieldToUi: () => {
          committed ??= repository.createIncident(marchOn(9, { title: 'Марш во время снимка' }));
          return new Promise((resolve) => setTimeout(resolve, 0));
        },
      }),
    );
    live.push(first);
    await first.start();
    await first.settled();
    await committed;
    await first.settled();
    expect(answers(ready(first))).toEqual(await expected(repository));
    first.stop();

    const second = liveIndex(repository);
    await second.index.start();
    expect(second.fullBuilds()).toBe(0);
    expect(answers(ready(second.index))).toEqual(await expected(repository));
  });

  it('catches up from the database before storing, so a change the feed missed is not lost', async () => {
    const { repository } = await withStoredSnapshot();
    const missed = newId();
    const lagging: Repository = {
      ...repository,
      // As another window's commit whose broadcast has not arrived.
      onChange: (listener) =>
        repository.onChange((change) => {
          if (change.id !== missed) listener(change);
        }),
    };
    const second = liveIndex(lagging, { snapshotAfterChanges: 1 });
    await second.index.start();
    await second.index.settled();
    await repository.createIncident(marchOn(15, { title: 'Марш мимо ленты' }), missed);
    await repository.createIncident(marchOn(16));
    await second.index.settled();
    expect(ready(second.index).get(missed)?.title).toBe('Марш мимо ленты');

    const third = liveIndex(repository);
    await third.index.start();
    expect(third.fullBuilds()).toBe(0);
    expect(answers(ready(third.index))).toEqual(await expected(repository));
  });

  it('ignores evidence changes in the feed', async () => {
    const { repository } = await withStoredSnapshot();
    let emit: (change: RepositoryChange) => void = () => undefined;
    const getActor = vi.fn(repository.getActor);
    const getIncident = vi.fn(repository.getIncident);
    const withEvidence: Repository = {
      ...repository,
      getActor,
      getIncident,
      onChange: (listener) => {
        emit = listener;
        return repository.onChange(listener);
      },
    };
    const second = liveIndex(withEvidence);
    await second.index.start();
    const before = second.index.getSnapshot();
    emit({ table: 'evidence', id: '0190a5b2-7c3d-7e4f-8a1b-e00000000001' });
    await second.index.settled();
    expect(second.index.getSnapshot()).toBe(before);
    expect(getActor).not.toHaveBeenCalled();
    expect(getIncident).not.toHaveBeenCalled();
  });
});

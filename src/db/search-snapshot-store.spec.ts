import { afterEach, describe, expect, it } from 'vitest';
import { IncidentIndex } from '../incidents/search/search-index';
import { dumpIndexedDb } from './raw-idb-dump';
import type { RecordCodec } from './record-codec';
import type { Repository } from './repository-types';
import { SNAPSHOT_CHUNK_CHARS, type SearchSnapshot } from './search-snapshot-store';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  withRawDatabase,
  type TestDatabase,
} from './test-repository';

interface Row {
  part: number;
  snapshot: string;
  body: { v: number; iv: Uint8Array; ct: Uint8Array };
}

const open: Repository[] = [];
afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

async function openWith(database: TestDatabase, codec?: RecordCodec): Promise<Repository> {
  const repository = await openTestRepository(database, codec ? { codec } : {});
  open.push(repository);
  return repository;
}

/** A sealed repository with a few records, so the database's change sequence is past 0. */
async function sealedRepository(): Promise<{ database: TestDatabase; repository: Repository }> {
  const database = freshTestDatabase();
  const repository = await openWith(database, await newTestCodec());
  await repository.createIncident(sampleIncidentBody());
  await repository.createIncident(sampleIncidentBody({ title: 'Второе' }));
  return { database, repository };
}

const NOISE_LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789абвгдежзийклмнопрстуфхцчшщыэюяңөү |';

/** Text that hardly compresses, so that it still needs several chunks once compressed. */
function noise(length: number): string {
  let state = 0x2545f491;
  const letters: string[] = [];
  for (let at = 0; at < length; at += 1) {
    // xorshift32: plenty random for a compressor, and cheap.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    letters.push(NOISE_LETTERS[(state >>> 0) % NOISE_LETTERS.length] as string);
  }
  return letters.join('');
}

const NOISE = noise(2 * SNAPSHOT_CHUNK_CHARS);

/** Sections long enough to need three chunks, with text in several scripts. */
function snapshotAt(changeSeq: number, tag = 'a'): SearchSnapshot {
  const long = `${tag}Жапаров|japarov ${NOISE}`;
  return {
    format: 1,
    changeSeq,
    counts: { incidents: 2, actors: 0 },
    sections: ['', 'AAAA', long, 'Ысык-Көл 🏔'],
  };
}

async function rows(database: TestDatabase): Promise<Row[]> {
  return withRawDatabase(database, (db) => db.table<Row, number>('searchSnapshot').toArray());
}

async function replaceRows(database: TestDatabase, replacement: Row[]): Promise<void> {
  await withRawDatabase(database, async (db) => {
    const table = db.table<Row, number>('searchSnapshot');
    await table.clear();
    await table.bulkPut(replacement);
  });
}

describe('search snapshot store', () => {
  it('reads back exactly what was written, in several sealed chunks', async () => {
    const { database, repository } = await sealedRepository();
    expect(await repository.readSearchSnapshot()).toEqual({ status: 'none' });
    const snapshot = snapshotAt(2);
    const report = await repository.writeSearchSnapshot(snapshot);
    expect(report.chunks).toBeGreaterThanOrEqual(3);
    expect(report.chars).toBe(snapshot.sections.join('').length);
    expect(report.storedChars).toBeGreaterThan(2 * SNAPSHOT_CHUNK_CHARS);
    expect(await repository.readSearchSnapshot()).toEqual({ status: 'ok', snapshot });
    // A header and the chunks, each a sealed box.
    const stored = await rows(database);
    expect(stored.map((row) => row.part)).toEqual(
      Array.from({ length: report.chunks + 1 }, (_, part) => part),
    );
    for (const row of stored) expect(row.body.ct).toBeInstanceOf(Uint8Array);
  });

  it('works with the clear codec too (tests and benchmarks without a vault)', async () => {
    const repository = await openWith(freshTestDatabase());
    await repository.createIncident(sampleIncidentBody());
    const snapshot = snapshotAt(1);
    await repository.writeSearchSnapshot(snapshot);
    expect(await repository.readSearchSnapshot()).toEqual({ status: 'ok', snapshot });
  });

  it('keeps a character of two UTF-16 units that straddles a compression piece', async () => {
    const repository = await openWith(freshTestDatabase());
    await repository.createIncident(sampleIncidentBody());
    const straddling = `${'x'.repeat(2 ** 20 - 1)}🏔${'ы'.repeat(10)}`;
    const snapshot = { ...snapshotAt(1), sections: [straddling] };
    await repository.writeSearchSnapshot(snapshot);
    expect(await repository.readSearchSnapshot()).toEqual({ status: 'ok', snapshot });
  });

  it('finds a chunk that is not compressed data unusable (clear codec: no tag to catch it)', async () => {
    const database = freshTestDatabase();
    const repository = await openWith(database);
    await repository.createIncident(sampleIncidentBody());
    await repository.writeSearchSnapshot(snapshotAt(1));
    const stored = await withRawDatabase(database, (db) =>
      db
        .table<{ part: number; snapshot: string; body: unknown }, number>('searchSnapshot')
        .toArray(),
    );
    const garbage = btoa('not a deflate stream at all, but base64 all the same');
    const damaged = stored.map((row) =>
      row.part === 1 ? { ...row, body: garbage + (row.body as string).slice(garbage.length) } : row,
    );
    await withRawDatabase(database, async (db) => {
      await db.table('searchSnapshot').bulkPut(damaged);
    });
    expect((await repository.readSearchSnapshot()).status).toBe('unusable');
  });

  it('replaces the previous snapshot whole, and yields between chunks', async () => {
    const { database, repository } = await sealedRepository();
    await repository.writeSearchSnapshot(snapshotAt(1, 'old'));
    let pauses = 0;
    const newer = snapshotAt(2, 'new');
    const report = await repository.writeSearchSnapshot(newer, {
      yieldToUi: () => {
        pauses += 1;
        return Promise.resolve();
      },
    });
    expect(pauses).toBe(report.chunks);
    expect(await repository.readSearchSnapshot()).toEqual({ status: 'ok', snapshot: newer });
    expect(new Set((await rows(database)).map((row) => row.snapshot)).size).toBe(1);
  });

  it('refuses bad input and leaves the stored snapshot as it was', async () => {
    const { repository } = await sealedRepository();
    const kept = snapshotAt(2);
    await repository.writeSearchSnapshot(kept);
    const bad: unknown[] = [
      { ...kept, format: 0 },
      { ...kept, changeSeq: -1 },
      { ...kept, changeSeq: 1.5 },
      { ...kept, counts: { incidents: -2 } },
      { ...kept, sections: ['ok', 42] },
      null,
    ];
    for (const snapshot of bad) {
      await expect(repository.writeSearchSnapshot(snapshot as SearchSnapshot)).rejects.toThrow();
    }
    // Ahead of the database: found inside the write transaction, which then writes nothing.
    await expect(repository.writeSearchSnapshot(snapshotAt(3, 'ahead'))).rejects.toThrow(
      RangeError,
    );
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(
      repository.writeSearchSnapshot(snapshotAt(2, 'aborted'), { signal: controller.signal }),
    ).rejects.toThrow('stopped');
    expect(await repository.readSearchSnapshot()).toEqual({ status: 'ok', snapshot: kept });
  });

  describe('a damaged or rearranged snapshot is unusable, never partly read', () => {
    async function written(): Promise<{ database: TestDatabase; repository: Repository }> {
      const setup = await sealedRepository();
      await setup.repository.writeSearchSnapshot(snapshotAt(2));
      return setup;
    }

    it('a flipped byte in a chunk', async () => {
      const { database, repository } = await written();
      const stored = await rows(database);
      const chunk = stored[2] as Row;
      chunk.body.ct[100] = (chunk.body.ct[100] as number) ^ 1;
      await replaceRows(database, stored);
      expect((await repository.readSearchSnapshot()).status).toBe('unusable');
    });

    it('two chunks swapped', async () => {
      const { database, repository } = await written();
      const stored = await rows(database);
      const [one, two] = [stored[1] as Row, stored[2] as Row];
      [one.body, two.body] = [two.body, one.body];
      await replaceRows(database, stored);
      expect((await repository.readSearchSnapshot()).status).toBe('unusable');
    });

    it('a chunk from another snapshot', async () => {
      const { database, repository } = await written();
      const first = await rows(database);
      await repository.writeSearchSnapshot(snapshotAt(2, 'b'));
      const second = await rows(database);
      const id = (second[0] as Row).snapshot;
      second[1] = { ...(first[1] as Row), snapshot: id };
      await replaceRows(database, second);
      expect((await repository.readSearchSnapshot()).status).toBe('unusable');
    });

    it('a chunk missing, or one too many', async () => {
      const { database, repository } = await written();
      const stored = await rows(database);
      await replaceRows(database, stored.slice(0, -1));
      expect((await repository.readSearchSnapshot()).status).toBe('unusable');
      await replaceRows(database, [...stored, { ...(stored[3] as Row), part: 4 }]);
      expect((await repository.readSearchSnapshot()).status).toBe('unusable');
    });

    it('a header sealed under another key', async () => {
      const { database, repository } = await written();
      const other = await sealedRepository();
      await other.repository.writeSearchSnapshot(snapshotAt(2));
      const stored = await rows(database);
      stored[0] = {
        ...((await rows(other.database))[0] as Row),
        snapshot: (stored[0] as Row).snapshot,
      };
      await replaceRows(database, stored);
      expect((await repository.readSearchSnapshot()).status).toBe('unusable');
    });
  });

  it('stores no searchable text in clear', async () => {
    const database = freshTestDatabase();
    const repository = await openWith(database, await newTestCodec());
    const markers = ['Qwxmarkerone', 'Qwxmarkertwo', 'Qwxmarkerthree'];
    const actor = await repository.createActor(sampleActorBody({ name: markers[0] as string }));
    await repository.createIncident(
      sampleIncidentBody({
        title: markers[1] as string,
        summary: `${markers[2] as string} в Бишкеке`,
        victims: [{ actorId: actor.id, role: 'journalist', note: '' }],
      }),
    );
    const [incidents, actors] = [await repository.listIncidents(), await repository.listActors()];
    const index = IncidentIndex.build(incidents, actors);
    const encoded = await index.toSnapshot({ yieldToUi: () => Promise.resolve() });
    await repository.writeSearchSnapshot({ ...encoded, changeSeq: 2 });
    const dump = (await dumpIndexedDb(database.indexedDB)).toLowerCase();
    expect(dump).toContain('searchsnapshot');
    for (const marker of markers) expect(dump).not.toContain(marker.toLowerCase());
    expect(dump).not.toContain('бишкек');
    expect(dump).not.toContain('bishkek');
  });
});

describe('listChangesSince', () => {
  it('returns the records written after a change, deletions as tombstones', async () => {
    const database = freshTestDatabase();
    const repository = await openWith(database, await newTestCodec());
    const kept = await repository.createIncident(sampleIncidentBody({ title: 'kept' }));
    const edited = await repository.createIncident(sampleIncidentBody({ title: 'before' }));
    const doomed = await repository.createIncident(sampleIncidentBody({ title: 'doomed' }));
    const since = (await repository.listChangesSince(0)).changeSeq;
    expect(since).toBe(3);

    await repository.updateIncident(edited.id, sampleIncidentBody({ title: 'after' }), edited.rev);
    await repository.deleteIncident(doomed.id);
    const actor = await repository.createActor(sampleActorBody());

    const changes = await repository.listChangesSince(since);
    expect(changes.changeSeq).toBe(6);
    const byId = new Map(changes.incidents.map((change) => [change.id, change]));
    expect(byId.has(kept.id)).toBe(false);
    const after = byId.get(edited.id);
    expect(after?.deleted === false && after.loaded.ok && after.loaded.record.title).toBe('after');
    expect(byId.get(doomed.id)).toEqual({ id: doomed.id, changeSeq: 5, deleted: true });
    expect(changes.actors.map((change) => change.id)).toEqual([actor.id]);
    expect((await repository.listChangesSince(6)).incidents).toEqual([]);
  });

  it('refuses a change sequence that is not a whole number ≥ 0', async () => {
    const repository = await openWith(freshTestDatabase());
    for (const bad of [-1, 1.5, Number.NaN]) {
      await expect(repository.listChangesSince(bad)).rejects.toThrow(RangeError);
    }
  });
});

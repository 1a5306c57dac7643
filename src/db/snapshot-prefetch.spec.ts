import { afterEach, describe, expect, it } from 'vitest';
import type { Repository } from './repository-types';
import type { SearchSnapshot, SnapshotRead } from './search-snapshot-store';
import { prefetchSnapshotRows } from './snapshot-prefetch';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleIncidentBody,
  type TestDatabase,
} from './test-repository';

const open: Repository[] = [];
afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

async function sealedRepository(database: TestDatabase): Promise<Repository> {
  const repository = await openTestRepository(database, { codec: await newTestCodec() });
  open.push(repository);
  await repository.createIncident(sampleIncidentBody());
  return repository;
}

const utf8 = new TextEncoder();

function snapshotAt(changeSeq: number, text: string): SearchSnapshot {
  return {
    format: 1,
    changeSeq,
    counts: { incidents: 1, actors: 0 },
    sections: [utf8.encode(text), utf8.encode('Ош')],
  };
}

/** A read with each section copied out of the shared buffer, for comparing by content. */
function contents(read: SnapshotRead): unknown {
  if (read.status !== 'ok') return read;
  const sections = read.snapshot.sections.map((section) => Buffer.from(section));
  return { ...read, snapshot: { ...read.snapshot, sections } };
}

function ok(snapshot: SearchSnapshot): unknown {
  return contents({ status: 'ok', snapshot });
}

async function databaseNames(database: TestDatabase): Promise<string[]> {
  return (await database.indexedDB.databases()).map((info) => info.name ?? '');
}

describe('prefetching the sealed search snapshot before unlock', () => {
  it('neither finds nor creates a database that does not exist yet (first start)', async () => {
    const database = freshTestDatabase();
    expect(await prefetchSnapshotRows(database)).toBeNull();
    expect(await databaseNames(database)).not.toContain(database.name);
  });

  it('finds nothing in a database without a stored snapshot', async () => {
    const database = freshTestDatabase();
    const repository = await sealedRepository(database);
    repository.close();
    expect(await prefetchSnapshotRows(database)).toEqual([]);
  });

  it('gives sealed rows that read back exactly as the store reads them itself', async () => {
    const database = freshTestDatabase();
    const repository = await sealedRepository(database);
    const snapshot = snapshotAt(1, 'жапаров|japarov');
    await repository.writeSearchSnapshot(snapshot);

    const rows = await prefetchSnapshotRows(database);
    expect(rows?.length).toBeGreaterThanOrEqual(2);
    // Ciphertext only: the words are nowhere in what was read without a key.
    const bytes = (rows ?? []).flatMap((row) => {
      const body = (row as { body: { ct: Uint8Array } }).body;
      return [...body.ct];
    });
    expect(Buffer.from(bytes).toString('latin1')).not.toMatch(/japarov/);
    expect(contents(await repository.readSearchSnapshot(rows))).toEqual(ok(snapshot));
  });

  it('is checked like a read: rows of another snapshot or junk are unusable, never wrong', async () => {
    const database = freshTestDatabase();
    const repository = await sealedRepository(database);
    await repository.writeSearchSnapshot(snapshotAt(1, 'first'));
    const older = await prefetchSnapshotRows(database);
    await repository.writeSearchSnapshot(snapshotAt(1, 'second'));
    const newer = await prefetchSnapshotRows(database);

    expect(contents(await repository.readSearchSnapshot(newer))).toEqual(
      ok(snapshotAt(1, 'second')),
    );
    // A consistent older snapshot is still a valid one: the live index catches up from its changeSeq.
    expect(contents(await repository.readSearchSnapshot(older))).toEqual(
      ok(snapshotAt(1, 'first')),
    );
    const mixed = [...(older ?? []).slice(0, 1), ...(newer ?? []).slice(1)];
    expect((await repository.readSearchSnapshot(mixed)).status).toBe('unusable');
    // Junk is never taken for a snapshot: the index is then built from the records.
    expect((await repository.readSearchSnapshot([{ part: 0 }, 'junk', null])).status).not.toBe(
      'ok',
    );
    // No prefetch (null or empty) means: read from the table as usual.
    expect(contents(await repository.readSearchSnapshot(null))).toEqual(
      ok(snapshotAt(1, 'second')),
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { IncidentIndex } from '../incidents/search/search-index';
import { dumpIndexedDb } from './raw-idb-dump';
import { plaintextCodec, type RecordCodec } from './record-codec';
import type { Repository } from './repository-types';
import {
  DEFLATE_PIECE,
  SNAPSHOT_CHUNK_BYTES,
  snapshotAad,
  type SearchSnapshot,
} from './search-snapshot-store';
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
async function sealedWithCodec(): Promise<{
  database: TestDatabase;
  repository: Repository;
  codec: RecordCodec;
}> {
  const database = freshTestDatabase();
  const codec = await newTestCodec();
  const repository = await openWith(database, codec);
  await repository.createIncident(sampleIncidentBody());
  await repository.createIncident(sampleIncidentBody({ title: 'Второе' }));
  return { database, repository, codec };
}

async function sealedRepository(): Promise<{ database: TestDatabase; repository: Repository }> {
  const { database, repository } = await sealedWithCodec();
  return { database, repository };
}

/** Bytes that hardly compress, so that they still need several chunks once compressed. */
function noise(length: number): Uint8Array {
  let state = 0x2545f491;
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 1) {
    // xorshift32: plenty random for a compressor, and cheap.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[at] = state & 0xff;
  }
  return bytes;
}

const NOISE = noise(2 * SNAPSHOT_CHUNK_BYTES);
const utf8 = new TextEncoder();

/** Sections long enough to need three chunks, text in several scripts among them. */
function snapshotAt(changeSeq: number, tag = 'a'): SearchSnapshot {
  return {
    format: 1,
    changeSeq,
    counts: { incidents: 2, actors: 0 },
    sections: [
      new Uint8Array(0),
      utf8.encode(`${tag}Жапаров|japarov`),
      NOISE,
      utf8.encode('Ысык-Көл 🏔'),
    ],
  };
}

/** The snapshot with each section copied out, for comparing by content. */
function contents(snapshot: SearchSnapshot): unknown {
  return { ...snapshot, sections: snapshot.sections.map((section) => Buffer.from(section)) };
}

async function readBack(repository: Repository): Promise<unknown> {
  const read = await repository.readSearchSnapshot();
  return read.status === 'ok' ? { ...read, snapshot: contents(read.snapshot) } : read;
}

function ok(snapshot: SearchSnapshot): unknown {
  return { status: 'ok', snapshot: contents(snapshot) };
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
    expect(report.payloadBytes).toBe(
      snapshot.sections.reduce((sum, section) => sum + section.length, 0),
    );
    expect(report.storedBytes).toBeGreaterThan(2 * SNAPSHOT_CHUNK_BYTES);
    expect(await readBack(repository)).toEqual(ok(snapshot));
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
    expect(await readBack(repository)).toEqual(ok(snapshot));
  });

  it('reads back a snapshot of no bytes at all, and one of a single section', async () => {
    const repository = await openWith(freshTestDatabase());
    await repository.createIncident(sampleIncidentBody());
    const empty = { ...snapshotAt(1), sections: [] };
    expect((await repository.writeSearchSnapshot(empty)).payloadBytes).toBe(0);
    expect(await readBack(repository)).toEqual(ok(empty));
    const single = {
      ...snapshotAt(1),
      sections: [utf8.encode('x'.repeat(3 * SNAPSHOT_CHUNK_BYTES))],
    };
    await repository.writeSearchSnapshot(single);
    expect(await readBack(repository)).toEqual(ok(single));
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
    const garbage = utf8.encode('not a deflate stream at all');
    const damaged = stored.map((row) => {
      if (row.part !== 1) return row;
      const bytes = (row.body as Uint8Array).slice();
      bytes.set(garbage);
      return { ...row, body: bytes };
    });
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
    // After compressing each piece of each chunk of input, and after sealing each stored chunk.
    const inputChunks = Math.ceil(report.payloadBytes / SNAPSHOT_CHUNK_BYTES);
    const piecesPerChunk = SNAPSHOT_CHUNK_BYTES / DEFLATE_PIECE;
    const lastChunk = report.payloadBytes - (inputChunks - 1) * SNAPSHOT_CHUNK_BYTES;
    const pieces = (inputChunks - 1) * piecesPerChunk + Math.ceil(lastChunk / DEFLATE_PIECE);
    expect(pauses).toBe(pieces + report.chunks);
    expect(await readBack(repository)).toEqual(ok(newer));
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
      { ...kept, sections: [new Uint8Array(2), 'text'] },
      { ...kept, sections: [[1, 2]] },
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
    expect(await readBack(repository)).toEqual(ok(kept));
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

  describe('in clear (no tag to catch a change), a header that does not match its chunks is unusable', () => {
    async function tamperHeader(
      change: (header: Record<string, unknown>) => void,
    ): Promise<string> {
      const database = freshTestDatabase();
      const repository = await openWith(database);
      await repository.createIncident(sampleIncidentBody());
      await repository.writeSearchSnapshot(snapshotAt(1));
      const stored = await rows(database);
      const header = { ...(stored[0]?.body as unknown as Record<string, unknown>) };
      change(header);
      await replaceRows(database, [
        { ...(stored[0] as Row), body: header as never },
        ...stored.slice(1),
      ]);
      const read = await repository.readSearchSnapshot();
      if (read.status !== 'unusable') throw new Error(`read as ${read.status}`);
      return read.reason;
    }

    it('section lengths that do not add up to what the chunks hold', async () => {
      await tamperHeader((header) => {
        const lengths = header.sectionBytes as number[];
        header.sectionBytes = [...lengths.slice(0, -1), (lengths.at(-1) as number) + 1];
      });
      await tamperHeader((header) => {
        header.sectionBytes = (header.sectionBytes as number[]).slice(0, -1);
      });
    });

    it('a stored size or compression other than written', async () => {
      expect(
        await tamperHeader((header) => {
          header.storedBytes = (header.storedBytes as number) - 1;
        }),
      ).toContain('bytes stored');
      await tamperHeader((header) => {
        header.compression = 'none';
      });
      await tamperHeader((header) => {
        header.compression = 'gzip';
      });
    });
  });

  it('reads a payload stored without compression, as the format allows', async () => {
    const database = freshTestDatabase();
    const repository = await openWith(database);
    await repository.createIncident(sampleIncidentBody());
    const snapshot = snapshotAt(1);
    await repository.writeSearchSnapshot(snapshot);
    const [headerRow] = await rows(database);
    const payload = Buffer.concat(snapshot.sections);
    const header = {
      ...(headerRow?.body as unknown as Record<string, unknown>),
      compression: 'none',
      storedBytes: payload.length,
      chunks: 2,
    };
    const id = headerRow?.snapshot as string;
    const cut = SNAPSHOT_CHUNK_BYTES + 5;
    await replaceRows(database, [
      { part: 0, snapshot: id, body: header as never },
      { part: 1, snapshot: id, body: new Uint8Array(payload.subarray(0, cut)) as never },
      { part: 2, snapshot: id, body: new Uint8Array(payload.subarray(cut)) as never },
    ]);
    expect(await readBack(repository)).toEqual(ok(snapshot));
  });

  it('ignores a snapshot of the previous layout (JSON text chunks), so the index is built again', async () => {
    const { database, repository, codec } = await sealedWithCodec();
    await repository.writeSearchSnapshot(snapshotAt(2));
    const id = (await rows(database))[0]?.snapshot as string;
    // Layout 1: a JSON header, then base64 text of raw DEFLATE in sealed JSON strings.
    const header = {
      layout: 1,
      snapshot: id,
      format: 1,
      changeSeq: 2,
      counts: { incidents: 2, actors: 0 },
      sectionBytes: [3],
      packedLength: 8,
      chunks: 1,
    };
    await replaceRows(database, [
      {
        part: 0,
        snapshot: id,
        body: (await codec.seal(header, snapshotAad(id, 0))) as Row['body'],
      },
      {
        part: 1,
        snapshot: id,
        body: (await codec.seal('SytKBAA=', snapshotAad(id, 1))) as Row['body'],
      },
    ]);
    const read = await repository.readSearchSnapshot();
    expect(read.status).toBe('unusable');
    // The next write replaces it whole.
    await repository.writeSearchSnapshot(snapshotAt(2, 'again'));
    expect(await readBack(repository)).toEqual(ok(snapshotAt(2, 'again')));
  });

  it('refuses a codec that cannot seal bytes: nothing written, nothing read', async () => {
    const database = freshTestDatabase();
    const writer = await openWith(database);
    await writer.createIncident(sampleIncidentBody());
    await writer.writeSearchSnapshot(snapshotAt(1));
    const jsonOnly: RecordCodec = { seal: plaintextCodec.seal, open: plaintextCodec.open };
    const repository = await openWith(database, jsonOnly);
    await expect(repository.writeSearchSnapshot(snapshotAt(1, 'b'))).rejects.toThrow('bytes');
    expect(await repository.readSearchSnapshot()).toEqual({
      status: 'unusable',
      reason: 'the record codec cannot seal bytes',
    });
    expect(await readBack(writer)).toEqual(ok(snapshotAt(1)));
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

import { describe, expect, it } from 'vitest';
import type { Loaded } from '../../db/repository-types';
import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import { generateActors, generateIncidents } from './generated-incidents';
import { FILTER_CODES } from './filter-columns';
import { IndexSnapshotError, type EncodedIndex } from './index-snapshot';
import { IncidentIndex, IndexChangedError, NO_FILTERS, type IncidentFilters } from './search-index';
import { damaged, loaded, makeActor } from './test-fixtures';

const QUERIES: Partial<IncidentFilters>[] = [
  {},
  { text: 'japarov' },
  { text: 'жапаров' },
  { text: 'Zhaparov' },
  { text: 'задерж ала-тоо' },
  { text: 'a' },
  { text: 'manas' },
  { text: 'renamed-actor' },
  { text: 'damaged-marker' },
  { text: 'zzzz-nothing' },
  { categories: ['assembly'], statuses: ['verified'] },
  { regions: ['chuy_oblast'], dateFrom: '2017-01', dateTo: '2018' },
  { text: 'tekebayev', violations: ['detention', 'fine'] },
  { text: 'суд', regions: ['bishkek'] },
];

function resultsOf(index: IncidentIndex): unknown[] {
  return QUERIES.map((query) => index.search({ ...NO_FILTERS, ...query }));
}

const immediately = (): Promise<void> => Promise.resolve();

function snapshotOf(index: IncidentIndex, sliceSize = 500): Promise<EncodedIndex> {
  return index.toSnapshot({ sliceSize, yieldToUi: immediately });
}

/** Generated records with damaged ones among them, and the same as Loaded values. */
function corpus(): { incidents: Loaded<Incident>[]; actors: Loaded<Actor>[]; records: Incident[] } {
  const actorRecords = generateActors(300);
  const records = generateIncidents(3_000, actorRecords);
  const incidents: Loaded<Incident>[] = records.map(loaded);
  incidents.push(
    damaged('0190a5b2-7c3d-7e4f-8a1b-d00000000001', { body: { title: 'damaged-marker one' } }),
    damaged('0190a5b2-7c3d-7e4f-8a1b-d00000000002', { body: null, note: 'damaged-marker' }),
  );
  const actors: Loaded<Actor>[] = actorRecords.map(loaded);
  actors.push({
    ok: false,
    id: '0190a5b2-7c3d-7e4f-8a1b-d00000000003',
    rev: 2,
    updatedAt: '2024-01-01T00:00:00.000Z',
    raw: { body: { name: 'Damaged Actor' } },
    problems: ['kind: Required'],
  });
  return { incidents, actors, records };
}

/** Edits that leave holes (removals) and stale postings (changed texts) behind. */
function edit(index: IncidentIndex, records: Incident[], round: number): void {
  for (let n = round; n < 200; n += 7) {
    const record = records[n] as Incident;
    index.upsertIncident(
      loaded({
        ...record,
        title: `edited ${round} ${record.title}`,
        updatedAt: '2030-01-01T00:00:00.000Z',
      }),
    );
  }
  for (let n = 300 + round; n < 400; n += 11) index.removeIncident((records[n] as Incident).id);
  const linked = records.find((record) => record.victims.length > 0) as Incident;
  const actorId = (linked.victims[0] as { actorId: string }).actorId;
  index.upsertActor(loaded(makeActor({ name: `Renamed-Actor ${round}` }, { id: actorId })));
  index.upsertIncident(
    damaged(records[500 + round]?.id as string, { title: `damaged-marker ${round}` }),
  );
}

describe('IncidentIndex snapshot', () => {
  it('loads an index that answers every search as the one it was made from', async () => {
    const { incidents, actors, records } = corpus();
    const built = IncidentIndex.build(incidents, actors);
    edit(built, records, 1);

    const loadedIndex = IncidentIndex.fromSnapshot(await snapshotOf(built));
    expect(loadedIndex.size).toBe(built.size);
    expect(resultsOf(loadedIndex)).toEqual(resultsOf(built));
    expect(loadedIndex.search({ ...NO_FILTERS, text: 'renamed-actor' }).length).toBeGreaterThan(0);

    // Both take the same later changes, and a second round trip from a loaded index holds too.
    edit(built, records, 2);
    edit(loadedIndex, records, 2);
    expect(resultsOf(loadedIndex)).toEqual(resultsOf(built));
    const again = IncidentIndex.fromSnapshot(await snapshotOf(loadedIndex));
    expect(resultsOf(again)).toEqual(resultsOf(built));
  });

  it('loads from sections read back as views at any offset of one buffer (as the store gives them)', async () => {
    const { incidents, actors } = corpus();
    const built = IncidentIndex.build(incidents, actors);
    const encoded = await snapshotOf(built);
    // One byte in front, so no int column starts on a multiple of 4.
    const payload = new Uint8Array(1 + encoded.sections.reduce((sum, s) => sum + s.length, 0));
    let at = 1;
    const views = encoded.sections.map((section) => {
      payload.set(section, at);
      at += section.length;
      return payload.subarray(at - section.length, at);
    });
    const loadedIndex = IncidentIndex.fromSnapshot({ ...encoded, sections: views });
    expect(resultsOf(loadedIndex)).toEqual(resultsOf(built));
    // The loaded index holds nothing of the buffer: changing it afterwards changes no answer.
    payload.fill(0);
    expect(resultsOf(loadedIndex)).toEqual(resultsOf(built));
  });

  it('keeps text outside the Basic Multilingual Plane, whatever the slice size', async () => {
    const { incidents, actors, records } = corpus();
    const record = records[10] as Incident;
    incidents[10] = loaded({ ...record, title: `🏔 Ысык-Көл ${record.title} 𝔘` });
    const built = IncidentIndex.build(incidents, actors);
    for (const sliceSize of [1, 7, 5_000]) {
      const again = IncidentIndex.fromSnapshot(await snapshotOf(built, sliceSize));
      expect(again.get(record.id)?.title).toBe(`🏔 Ысык-Көл ${record.title} 𝔘`);
      expect(resultsOf(again)).toEqual(resultsOf(built));
    }
  });

  it('makes the snapshot in slices and stops when aborted', async () => {
    const { incidents, actors } = corpus();
    const built = IncidentIndex.build(incidents, actors);
    let pauses = 0;
    await built.toSnapshot({
      sliceSize: 100,
      yieldToUi: () => {
        pauses += 1;
        return Promise.resolve();
      },
    });
    expect(pauses).toBeGreaterThan(30);

    const controller = new AbortController();
    const reason = new Error('stopped');
    const made = built.toSnapshot({
      sliceSize: 100,
      yieldToUi: () => {
        controller.abort(reason);
        return Promise.resolve();
      },
      signal: controller.signal,
    });
    await expect(made).rejects.toBe(reason);
    await expect(built.toSnapshot({ sliceSize: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses to finish a snapshot of an index that changed meanwhile', async () => {
    const { incidents, actors, records } = corpus();
    const built = IncidentIndex.build(incidents, actors);
    let changed = false;
    const made = built.toSnapshot({
      sliceSize: 100,
      yieldToUi: () => {
        if (!changed) built.removeIncident((records[0] as Incident).id);
        changed = true;
        return Promise.resolve();
      },
    });
    await expect(made).rejects.toThrow(IndexChangedError);
  });

  describe('rejects a snapshot that does not fit together', () => {
    async function encoded(): Promise<EncodedIndex> {
      const { incidents, actors } = corpus();
      return snapshotOf(IncidentIndex.build(incidents, actors));
    }

    it('of another format', async () => {
      const snapshot = await encoded();
      for (const format of [snapshot.format - 1, snapshot.format + 1]) {
        expect(() => IncidentIndex.fromSnapshot({ ...snapshot, format })).toThrow(
          IndexSnapshotError,
        );
      }
    });

    it('with a section missing or added', async () => {
      const snapshot = await encoded();
      const fewer = { ...snapshot, sections: snapshot.sections.slice(0, -1) };
      const more = { ...snapshot, sections: [...snapshot.sections, new Uint8Array(0)] };
      expect(() => IncidentIndex.fromSnapshot(fewer)).toThrow(IndexSnapshotError);
      expect(() => IncidentIndex.fromSnapshot(more)).toThrow(IndexSnapshotError);
    });

    it('with counts that do not match the sections', async () => {
      const snapshot = await encoded();
      for (const key of ['incidents', 'actors', 'words', 'postings'] as const) {
        const counts = { ...snapshot.counts, [key]: snapshot.counts[key] + 1 };
        expect(() => IncidentIndex.fromSnapshot({ ...snapshot, counts })).toThrow();
      }
      const negative = { ...snapshot.counts, incidents: -1 };
      expect(() => IncidentIndex.fromSnapshot({ ...snapshot, counts: negative })).toThrow(
        IndexSnapshotError,
      );
    });

    it('but a posting out of range inside a word (never written) only makes that record missing', async () => {
      const { incidents, actors } = corpus();
      const built = IncidentIndex.build(incidents, actors);
      const snapshot = await snapshotOf(built);
      const postings = new Int32Array((snapshot.sections.at(-1) as Uint8Array).slice().buffer);
      const starts = new Int32Array((snapshot.sections.at(-2) as Uint8Array).slice().buffer);
      // Every third posting inside a word of at least three slots, pointed far past the records.
      for (let word = 0; word + 1 < starts.length; word += 1) {
        const [first, end] = [starts[word] as number, starts[word + 1] as number];
        for (let at = first + 1; at < end - 1; at += 3) postings[at] = 1_000_000 + at;
      }
      const damaged = [...snapshot.sections];
      damaged[damaged.length - 1] = new Uint8Array(postings.buffer);
      const loadedIndex = IncidentIndex.fromSnapshot({ ...snapshot, sections: damaged });
      QUERIES.forEach((query) => {
        const expected = built.search({ ...NO_FILTERS, ...query });
        const found = loadedIndex.search({ ...NO_FILTERS, ...query });
        const expectedIds = new Set(expected.map((summary) => summary.id));
        for (const summary of found) expect(expectedIds.has(summary.id)).toBe(true);
      });
      // The damage did reach the search: some word lost records.
      const lost = QUERIES.some(
        (query) =>
          loadedIndex.search({ ...NO_FILTERS, ...query }).length <
          built.search({ ...NO_FILTERS, ...query }).length,
      );
      expect(lost).toBe(true);
    });

    it('with an incident id stored twice', async () => {
      const snapshot = await encoded();
      // Section 2 is the ids' text; they are all UUIDs, 36 bytes each.
      const ids = (snapshot.sections[1] as Uint8Array).slice();
      ids.copyWithin(36, 0, 36);
      const sections = [...snapshot.sections];
      sections[1] = ids;
      expect(() => IncidentIndex.fromSnapshot({ ...snapshot, sections })).toThrow('stored twice');
    });

    it('with filter columns coded for other vocabularies or regions', async () => {
      const snapshot = await encoded();
      const utf8 = new TextEncoder();
      const codes = utf8.encode(FILTER_CODES);
      const at = snapshot.sections.findIndex(
        (section) => Buffer.compare(Buffer.from(section), Buffer.from(codes)) === 0,
      );
      expect(at).toBeGreaterThan(0);
      const reordered = JSON.stringify(
        (JSON.parse(FILTER_CODES) as unknown[][]).map((list) => [...list].reverse()),
      );
      const sections = [...snapshot.sections];
      sections[at] = utf8.encode(reordered);
      expect(() => IncidentIndex.fromSnapshot({ ...snapshot, sections })).toThrow(
        'other vocabularies',
      );
    });

    it('with any one section cut short or garbled', async () => {
      const snapshot = await encoded();
      // Four bytes: one whole number of an int column.
      snapshot.sections.forEach((section, at) => {
        if (section.length < 4) return;
        const cut = [...snapshot.sections];
        cut[at] = section.slice(0, -4);
        expect(
          () => IncidentIndex.fromSnapshot({ ...snapshot, sections: cut }),
          `section ${at}`,
        ).toThrow();
      });
      const oddLength = [...snapshot.sections];
      oddLength[0] = new Uint8Array(3);
      expect(() => IncidentIndex.fromSnapshot({ ...snapshot, sections: oddLength })).toThrow();
      // Section 2 holds the ids' text: bytes that are not UTF-8.
      const notUtf8 = [...snapshot.sections];
      notUtf8[1] = new Uint8Array(notUtf8[1]?.length ?? 0).fill(0xff);
      expect(() => IncidentIndex.fromSnapshot({ ...snapshot, sections: notUtf8 })).toThrow(
        IndexSnapshotError,
      );
    });
  });
});

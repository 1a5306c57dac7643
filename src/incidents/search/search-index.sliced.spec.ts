import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import type { Loaded } from '../../db/repository-types';
import { generateActors, generateIncidents } from './generated-incidents';
import { IncidentIndex, NO_FILTERS, type IncidentFilters } from './search-index';
import { damaged } from './test-fixtures';

const actorRecords = generateActors(300);
const actors: Loaded<Actor>[] = actorRecords.map((record) => ({ ok: true, record }));
/** Every 97th incident deleted (left out of both indexes), every 211th damaged. */
const incidents: Loaded<Incident>[] = generateIncidents(3_000, actorRecords).map(
  (record, at): Loaded<Incident> => {
    if (at % 211 === 0) return damaged(record.id, { title: record.title, summary: 'Повреждено' });
    if (at % 97 === 0) return { ok: true, record: { ...record, deleted: true } };
    return { ok: true, record };
  },
);
const kept = incidents.filter((item) => !(item.ok && item.record.deleted)).length;

const queries: Partial<IncidentFilters>[] = [
  {},
  { text: 'Japarov' },
  { text: 'жапаров' },
  { text: 'разгон Manas' },
  { text: 'задерж ала-тоо' },
  { text: 'a' },
  { text: 'повреждено' },
  { text: 'zzzz-nothing' },
  { categories: ['assembly'], statuses: ['verified'] },
  { regions: ['chuy_oblast'], dateFrom: '2017-01-01', dateTo: '2017-12-31' },
  { text: 'Tekebayev', violations: ['detention', 'fine'] },
  { dateFrom: '2020-06-01' },
];

function resultsOf(index: IncidentIndex): unknown[] {
  return queries.map((query) => index.search({ ...NO_FILTERS, ...query }));
}

/** Counts pauses; each one is a resolved promise so the test runs without timers. */
function countingYield(): { yieldToUi: () => Promise<void>; count: () => number } {
  let count = 0;
  return {
    yieldToUi: () => {
      count += 1;
      return Promise.resolve();
    },
    count: () => count,
  };
}

describe('IncidentIndex.buildInSlices', () => {
  it('builds the same index as build, with the same results and summaries', async () => {
    const whole = IncidentIndex.build(incidents, actors);
    const sliced = await IncidentIndex.buildInSlices(incidents, actors, {
      sliceSize: 250,
      yieldToUi: countingYield().yieldToUi,
    });
    expect(sliced.size).toBe(kept);
    expect(sliced.size).toBe(whole.size);
    const wholeResults = resultsOf(whole);
    expect(resultsOf(sliced)).toEqual(wholeResults);
    // The queries must tell indexes apart: most find something, not everything.
    const counts = wholeResults.map((found) => (found as unknown[]).length);
    expect(counts.filter((count) => count > 0 && count < kept).length).toBeGreaterThan(6);
    for (const item of incidents) {
      const id = item.ok ? item.record.id : item.id;
      expect(sliced.get(id)).toEqual(whole.get(id));
    }
  });

  it('stays equal to build after the same live edits', async () => {
    const whole = IncidentIndex.build(incidents, actors);
    const sliced = await IncidentIndex.buildInSlices(incidents, actors, {
      sliceSize: 700,
      yieldToUi: countingYield().yieldToUi,
    });
    const renamed = actorRecords[3] as Actor;
    const firstIncident = incidents[1] as Loaded<Incident>;
    if (!firstIncident.ok) throw new Error('fixture: incident 1 should be readable');
    const edited: Loaded<Incident> = {
      ok: true,
      record: { ...firstIncident.record, title: 'Переименованный случай Qwertyuiop' },
    };
    const removed = incidents[2] as Loaded<Incident>;
    const removedId = removed.ok ? removed.record.id : removed.id;
    for (const index of [whole, sliced]) {
      index.upsertActor({ ok: true, record: { ...renamed, name: 'Новое Имя Асылбек' } });
      index.upsertIncident(edited);
      index.removeIncident(removedId);
    }
    const extra = [{ text: 'асылбек' }, { text: 'qwertyuiop' }];
    for (const query of extra) {
      expect(sliced.search({ ...NO_FILTERS, ...query })).toEqual(
        whole.search({ ...NO_FILTERS, ...query }),
      );
    }
    expect(resultsOf(sliced)).toEqual(resultsOf(whole));
  });

  it('pauses once per slice of actors, of incidents, of indexed words, and after the sort', async () => {
    const pauses = countingYield();
    await IncidentIndex.buildInSlices(incidents, actors, {
      sliceSize: 400,
      yieldToUi: pauses.yieldToUi,
    });
    const slices = (count: number): number => Math.ceil(count / 400);
    expect(pauses.count()).toBe(
      slices(actors.length) + slices(incidents.length) + 1 + slices(kept),
    );

    const defaults = countingYield();
    await IncidentIndex.buildInSlices(incidents, actors, { yieldToUi: defaults.yieldToUi });
    // Default slices of 2,000: one of actors, two of incidents, the sort, two of words.
    expect(defaults.count()).toBe(1 + 2 + 1 + 2);
  });

  it('by default waits for a macrotask, not only a microtask', async () => {
    let finished = false;
    const build = IncidentIndex.buildInSlices(incidents.slice(0, 300), actors, {
      sliceSize: 100,
    });
    void build.then(() => {
      finished = true;
    });
    // Pauses made of microtasks alone would let the build finish within these hops.
    for (let hop = 0; hop < 1_000; hop += 1) await Promise.resolve();
    expect(finished).toBe(false);
    expect((await build).size).toBeGreaterThan(0);
  });

  it('gives up with the abort reason when aborted between slices', async () => {
    const controller = new AbortController();
    let pauses = 0;
    const build = IncidentIndex.buildInSlices(incidents, actors, {
      sliceSize: 500,
      signal: controller.signal,
      yieldToUi: () => {
        pauses += 1;
        if (pauses === 3) controller.abort(new Error('locked'));
        return Promise.resolve();
      },
    });
    await expect(build).rejects.toThrow('locked');
    expect(pauses).toBe(3);
  });

  it('does not start when already aborted', async () => {
    const pauses = countingYield();
    await expect(
      IncidentIndex.buildInSlices(incidents, actors, {
        signal: AbortSignal.abort(new Error('already locked')),
        yieldToUi: pauses.yieldToUi,
      }),
    ).rejects.toThrow('already locked');
    expect(pauses.count()).toBe(0);
  });

  it('rejects a slice size below one', async () => {
    await expect(IncidentIndex.buildInSlices(incidents, actors, { sliceSize: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});

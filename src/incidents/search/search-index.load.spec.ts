import { describe, expect, it } from 'vitest';
import { incidentSchema } from '../../domain/incident';
import { actorSchema } from '../../domain/actor';
import { generateActors, generateIncidents } from './generated-incidents';
import { IncidentIndex, NO_FILTERS, type IncidentFilters } from './search-index';

/**
 * A sanity run over 20,000 generated incidents (the 100,000 figures come from bench/). Timings are only logged:
 * unit tests must not fail on a slow machine (the benchmark with a target
 * lives under bench/). What is asserted is that the results are right.
 */
describe('IncidentIndex with 20,000 incidents', () => {
  it('builds and answers typical searches correctly', { timeout: 180_000 }, () => {
    const actors = generateActors(2_000);
    const incidents = generateIncidents(20_000, actors);
    // The generator must produce records the real schema accepts.
    expect(incidentSchema.safeParse(incidents[0]).success).toBe(true);
    expect(actorSchema.safeParse(actors[0]).success).toBe(true);

    const startBuild = performance.now();
    const index = IncidentIndex.build(
      incidents.map((record) => ({ ok: true as const, record })),
      actors.map((record) => ({ ok: true as const, record })),
    );
    const buildMs = performance.now() - startBuild;
    expect(index.size).toBe(20_000);

    const queries: Partial<IncidentFilters>[] = [
      {},
      { text: 'Japarov' },
      { text: 'жапаров' },
      { text: 'разгон Manas' },
      { text: 'задерж ала-тоо' },
      { text: '№4242' },
      { text: 'zzzz-nothing' },
      { categories: ['assembly'], statuses: ['verified'] },
      { regions: ['chuy_oblast'], dateFrom: '2017-01-01', dateTo: '2017-12-31' },
      { text: 'Tekebayev', violations: ['detention', 'fine'] },
    ];
    const timings: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const patch of queries) {
        const start = performance.now();
        index.search({ ...NO_FILTERS, ...patch });
        timings.push(performance.now() - start);
      }
    }
    timings.sort((a, b) => a - b);
    const percentile = (p: number) =>
      timings[Math.min(timings.length - 1, Math.floor(p * timings.length))] ?? 0;
    console.log(
      `[search-index] 100k build ${buildMs.toFixed(0)} ms; search p50 ${percentile(0.5).toFixed(1)} ms, ` +
        `p95 ${percentile(0.95).toFixed(1)} ms, max ${percentile(1).toFixed(1)} ms`,
    );

    // Correctness on the large set, checked against a plain scan of the generated data.
    const all = index.search(NO_FILTERS);
    expect(all).toHaveLength(20_000);
    for (let i = 1; i < all.length; i++) {
      const previous = all[i - 1]?.date?.start ?? '';
      const current = all[i]?.date?.start ?? '';
      expect(previous >= current).toBe(true);
    }
    const exact = index.search({ ...NO_FILTERS, text: '№4242' }).map((s) => s.id);
    expect(exact).toContain(incidents[4242]?.id);
    const verifiedAssemblies = incidents.filter(
      (i) => i.status === 'verified' && i.categories.includes('assembly'),
    );
    expect(
      index.search({ ...NO_FILTERS, categories: ['assembly'], statuses: ['verified'] }),
    ).toHaveLength(verifiedAssemblies.length);
  });
});

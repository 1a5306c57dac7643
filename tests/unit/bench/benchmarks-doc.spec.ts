import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_HEADER,
  renderRegisterSection,
  replaceSection,
  sectionMarkers,
} from '../../../bench/node/benchmarks-doc';
import type { BenchResults } from '../../../bench/node/results';

const latency = (p50: number, p95: number) => ({ count: 200, p50, p95, max: p95 * 2, mean: p50 });

const RESULTS: BenchResults = {
  machine: {
    date: '2026-11-28T20:00:00.000Z',
    cpus: 2,
    cpuModel: 'Test CPU',
    memoryGiB: 8,
    os: 'Linux 6',
    node: 'v22.23.5',
    chromium: 'Chromium 156',
    loadAverageAtStart: 0.5,
  },
  totalSeconds: 300,
  loadAverageAtEnd: 1.2,
  sizes: { incidents: 100_000, actors: 5_000, queries: 200, batchSize: 1_000, firstPage: 50 },
  insert: { actorsMs: 30_000, incidentsMs: 80_000, batch: latency(700, 1200) },
  firstPage: { openMs: 10, listMs: 20, totalMs: 30 },
  index: { listIncidentsMs: 9_000, listActorsMs: 300, buildMs: 4_000, totalMs: 13_300 },
  search: {
    latency: latency(12, 61),
    bestOfThree: latency(8, 30),
    medianHits: 1500,
    emptyResults: 3,
    slowest: [{ label: 'a|b', ms: 90, hits: 4 }],
  },
  memory: {
    heapAfterFirstPageMiB: 5,
    heapWithIndexMiB: 400,
    performanceMemoryMiB: 401,
    chromium: { processes: 9, rssMiB: 1500, pssMiB: 900 },
  },
  audit: { verifyMs: 5_000, entries: 105_000, ok: true },
  read: { rawGetAllMs: 3_000, dexieToArrayMs: 4_500, repositoryListMs: 9_000 },
  raw: { insertMs: 20_000, rows: 100_000 },
};

describe('docs/BENCHMARKS.md sections', () => {
  it('append a section to a document that lacks it, and replace it in place later', () => {
    const withOther = `${DOCUMENT_HEADER}\n<!-- bench:other:start -->\nother figures\n<!-- bench:other:end -->\n`;
    const first = replaceSection(withOther, 'issue-2-register', 'first run');
    expect(first).toContain('other figures');
    expect(first).toContain(`${sectionMarkers('issue-2-register').start}\nfirst run\n`);
    const second = replaceSection(first, 'issue-2-register', 'second run');
    expect(second).not.toContain('first run');
    expect(second).toContain('second run');
    expect(second).toContain('other figures');
    expect(second.indexOf('other figures')).toBe(first.indexOf('other figures'));
  });

  it('refuse a section with only one marker rather than overwrite the rest', () => {
    const broken = `x\n${sectionMarkers('issue-2-register').start}\ny\n`;
    expect(() => replaceSection(broken, 'issue-2-register', 'z')).toThrow(/one of its markers/);
  });

  it('render the figures, ratios against raw IndexedDB, and the search target verdict', () => {
    const text = renderRegisterSection(RESULTS);
    expect(text).toContain('100,000 generated incidents');
    expect(text).toContain('repository/raw **4.0×**'); // 80 s / 20 s insert
    expect(text).toContain('repository/raw **3.0×**, Dexie/raw 1.5×'); // 9 s, 4.5 s / 3 s read
    expect(text).toContain('**p95 61.0 ms**');
    expect(text).toContain(
      'fastest of three runs each (less affected by other load on the machine) | p50 8.00 ms, p95 30.0 ms',
    );
    expect(text).toContain('p95 ≤ 50 ms: **missed**');
    expect(text).toContain('`a\\|b`');
    expect(text).toContain(
      'over all 105,000 hash-chained entries (one per actor and incident written) | 5.0 s, chain intact',
    );
    const met = renderRegisterSection({
      ...RESULTS,
      search: { ...RESULTS.search, latency: latency(5, 20) },
    });
    expect(met).toContain('p95 ≤ 50 ms: met');
    expect(text).toContain('Load average (1 min) 0.5 at the start and 1.2 at the end.');
    const busy = renderRegisterSection({ ...RESULTS, loadAverageAtEnd: 6 });
    expect(busy).toContain('the machine was busy with other work');
  });
});

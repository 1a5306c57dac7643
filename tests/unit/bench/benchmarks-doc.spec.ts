import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_HEADER,
  renderRegisterSection,
  replaceSection,
  sectionMarkers,
} from '../../../bench/node/benchmarks-doc';
import { REGISTER_RESULTS as RESULTS, latency } from './register-results.fixture';

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
    const busy = renderRegisterSection({
      ...RESULTS,
      machine: { ...RESULTS.machine, loadAverageAtStart: 6 },
    });
    expect(busy).toContain('the machine was busy with other work');
    // The benchmark's own processes raise the load by the end: that is not other work.
    const ownLoad = renderRegisterSection({ ...RESULTS, loadAverageAtEnd: 6 });
    expect(ownLoad).not.toContain('the machine was busy with other work');
    expect(text).not.toContain('niceness');
    const reniced = renderRegisterSection({
      ...RESULTS,
      machine: { ...RESULTS.machine, niceness: -20 },
    });
    expect(reniced).toContain('ran at niceness -20 (`nice -n -20`)');
  });
});

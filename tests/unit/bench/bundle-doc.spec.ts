import { describe, expect, it } from 'vitest';
import {
  renderBundleSection,
  type BundleBenchResults,
  type ExportRun,
  type ImportRun,
} from '../../../bench/bundle/bundle-doc';
import type { ChromiumMergeRun } from '../../../bench/bundle/merge-page/main';

const GIB = 2 ** 30;

function exportRun(exportMs: number, maxRssMiB: number): ExportRun {
  return {
    exportMs,
    cpuMs: exportMs * 1.2,
    maxRssKiB: maxRssMiB * 1024,
    peakWindow: true,
    lifetimeMaxRssKiB: (maxRssMiB + 40) * 1024,
    loadedRssKiB: 100 * 1024,
    size: GIB + 1000,
    sha256: 'a'.repeat(64),
    counts: {
      incidents: 10_000,
      actors: 1_000,
      evidence: 12,
      audit: 11_012,
      evidenceFiles: 12,
      evidenceBytes: GIB,
    },
    eventLoopMaxMs: 30,
    progressEvents: 16_000,
  };
}

function importRun(openMs: number, commitMs: number, maxRssMiB: number): ImportRun {
  return {
    openMs,
    openCpuMs: openMs,
    maxRssAfterOpenKiB: 150 * 1024,
    commitMs: commitMs - 100,
    commitCpuMs: commitMs - 100,
    commitPath: 'importBundle',
    finishMs: 100,
    finishCpuMs: 100,
    filesCommitted: 12,
    maxRssKiB: maxRssMiB * 1024,
    peakWindow: true,
    lifetimeMaxRssKiB: (maxRssMiB + 40) * 1024,
    loadedRssKiB: 100 * 1024,
    incidents: 10_000,
    evidenceFiles: 12,
    eventLoopMaxMs: 80,
    progressEvents: 300,
  };
}

function chromiumMerge(mergeMs: number, longestStallMs: number): ChromiumMergeRun {
  return { mergeMs, longestStallMs, incidents: 10_000, commitPath: 'importBundle' };
}

function results(overrides: Partial<BundleBenchResults> = {}): BundleBenchResults {
  return {
    machine: {
      date: '2026-12-04T16:00:00.000Z',
      cpus: 2,
      cpuModel: 'AMD EPYC',
      memoryGiB: 23.5,
      os: 'Linux 6.18',
      node: 'v22.23.5',
      chromium: 'unknown',
      loadAverageAtStart: 0.5,
      niceness: 0,
    },
    ageVersion: '1.1.1',
    tarVersion: 'tar (GNU tar) 1.34',
    data: {
      incidents: 10_000,
      actors: 1_000,
      evidenceFiles: 12,
      evidenceBytes: GIB,
      bundleBytes: GIB + 1000,
    },
    // Medians: export 3 s, tar | age 2 s, + fsync 2.5 s; import 2.4 + 0.6 s, age -d | tar -x 2 s.
    exports: [exportRun(3000, 180), exportRun(2900, 190), exportRun(3500, 185)],
    imports: [importRun(2400, 600, 200), importRun(2500, 700, 210), importRun(2300, 500, 205)],
    // As the app runs it: 2.4 + 0.9 + 0.1, 2.5 + 1.0 + 0.1, 2.3 + 0.8 + 0.1 s; median 3.4 s.
    chromiumMerges: [chromiumMerge(900, 120), chromiumMerge(1000, 300), chromiumMerge(800, 90)],
    tarAge: [
      { ms: 2000, cpuMs: 1500 },
      { ms: 1900, cpuMs: 1400 },
      { ms: 2100, cpuMs: 1600 },
    ],
    tarAgeSynced: [2500, 2400, 2600],
    ageTar: [
      { ms: 2000, cpuMs: null },
      { ms: 2000, cpuMs: null },
      { ms: 2000, cpuMs: null },
    ],
    memory: {
      evidenceBytes: 4 * GIB,
      export: exportRun(12_000, 200),
      import: importRun(9000, 700, 300),
      mainImport: { ...importRun(9000, 0, 240), commitPath: 'none' },
    },
    loadAverageAtEnd: 1.5,
    totalSeconds: 120,
    ...overrides,
  };
}

describe('docs/BENCHMARKS.md bundle section', () => {
  it('gives the ratios of the medians and a verdict against each target', () => {
    const text = renderBundleSection(results());
    expect(text).toContain('| **Export / (tar \\| age)** | **1.50×** | ≤ 1.0×: **missed** |');
    expect(text).toContain('| Export / (tar \\| age + fsync) | 1.20× | — |');
    expect(text).toContain(
      '| **Import as the app runs it / (age -d \\| tar -x)** | **1.70×** | ≤ 1.2×: **missed** |',
    );
    expect(text).toContain(
      '| Import with the merge on fake-indexeddb in Node / (age -d \\| tar -x) | 1.50× |',
    );
    expect(text).toContain(
      "| 900.0 ms (runs 900.0 ms, 1.00 s, 800.0 ms; the page's main thread went up to 300.0 ms",
    );
    expect(text).toContain('| 3.40 s (runs 3.40 s, 3.60 s, 3.20 s) |');
    expect(text).toContain('(`openBundleForImport` alone) / (age -d \\| tar -x) | 1.20× |');
    expect(text).toContain('3.60 s / 1.50 s = 2.40×');
    // Without GNU time the reference CPU is unknown: ours alone, no ratio.
    expect(text).toContain(
      'our import process (merge on fake-indexeddb included) / both ends of the pipeline | 3.00 s | — |',
    );
    expect(text).toContain('with 4.00 GiB of evidence');
    expect(text).toContain('| 200 MiB (timed runs: 190 MiB;');
    expect(text).toContain('≤ 256 MiB: met');
    expect(text).toContain(
      "the merge runs in the renderer) | 240 MiB (after `openBundleForImport`: 150 MiB; over the process's life: 280 MiB) | ≤ 256 MiB: met |",
    );
    expect(text).toContain('holds the whole database in memory) | 300 MiB | — |');
    expect(text).toContain("The merge runs through the repository's `importBundle`");
    expect(text).toContain('merge 500.0 ms, finish 100.0 ms');
    expect(text).not.toContain('busy with other work');
  });

  it('says when the targets are met, when the commit was a stand-in, and when the machine was busy', () => {
    const fast = results({
      exports: [exportRun(1800, 180)],
      imports: [{ ...importRun(1900, 400, 200), commitPath: 'createIncidents stand-in' }],
      chromiumMerges: [chromiumMerge(200, 40)],
      memory: {
        evidenceBytes: 4 * GIB,
        export: exportRun(9000, 200),
        import: importRun(9000, 100, 220),
        mainImport: importRun(9000, 0, 230),
      },
    });
    fast.machine.loadAverageAtStart = 3.5;
    const text = renderBundleSection(fast);
    expect(text).toContain('**0.90×** | ≤ 1.0×: met');
    expect(text).toContain('**1.10×** | ≤ 1.2×: met');
    expect(text).not.toContain('**missed**');
    expect(text).toContain('a stand-in while the merge');
    expect(text).toContain('busy with other work');
  });
});

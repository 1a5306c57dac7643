import { describe, expect, it } from 'vitest';
import { renderVaultSection } from '../../../bench/node/vault-doc';
import { REGISTER_RESULTS, latency } from './register-results.fixture';
import { VAULT_RESULTS } from './vault-results.fixture';

describe('docs/BENCHMARKS.md vault section', () => {
  const text = renderVaultSection(REGISTER_RESULTS, VAULT_RESULTS);

  it('gives the unlock breakdown and both totals against the 3 s target', () => {
    expect(text).toContain('median of 3 | 1.0 s (runs: 1.3 s, 900.0 ms, 1.0 s;');
    expect(text).toContain("Node's `scrypt` alone with the same parameters: median 750.0 ms");
    expect(text).toContain('| **First page visible** (sum of the above) | **1.1 s** (met) |');
    expect(text).toContain(
      '| **Search ready** (first page + the three above) | **17.5 s (missed)** |',
    );
  });

  it('compares sealed with clear on the register figures against 1.5×', () => {
    // 100 s sealed / 80 s clear insert
    expect(text).toContain('| 80.0 s | 100.0 s | 1.25× (within) |');
    // first page: clear 30 ms total, sealed open 20 + list 40
    expect(text).toContain('| 30.0 ms | 60.0 ms | **2.00× (over)** |');
    expect(text).toContain('| 13.3 s | 16.4 s | 1.23× (within) |');
    expect(text).toContain('| Search p95 | 61.0 ms | 40.0 ms | 0.66× (within) |');
    expect(text).toContain('(after one untimed read) | 5.0 s | 2.5 s | 0.50× (within) |');
    expect(text).toContain(
      '0.5 when the clear steps started, 2.5 when the sealed ones started, 3.3 when they ended',
    );
  });

  it('reports codec throughput per record and in MB/s, and memory side by side', () => {
    expect(text).toContain('20,000 generated incident bodies, 1,200 bytes of JSON on average');
    expect(text).toContain('| 1.0 s | 50.0 µs/record, 24.0 MB/s |');
    expect(text).toContain('| 800.0 ms | 40.0 µs/record, 30.0 MB/s |');
    expect(text).toContain('| 400 MiB | 420 MiB |');
    expect(text).toContain('| RSS 1500 MiB, PSS 900 MiB | RSS 1600 MiB, PSS 950 MiB |');
  });

  it('flags a missed first page when key derivation alone is over the target', () => {
    const slow = renderVaultSection(REGISTER_RESULTS, {
      ...VAULT_RESULTS,
      keyDerivation: { ...VAULT_RESULTS.keyDerivation, runsMs: [3_500] },
      sealed: {
        ...VAULT_RESULTS.sealed,
        search: { latency: latency(1, 2), bestOfThree: latency(1, 2) },
      },
    });
    expect(slow).toContain('| **First page visible** (sum of the above) | **3.6 s (missed)** |');
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, loadCatalog } from './i18n/catalog';
import { unresolvedKeys } from './i18n/key-check';
import { scanSource, type KeyUse } from './i18n/source-scan';

const ROOT = join(LOCALES_DIR, '..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) &&
      !/\.(spec|test)\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

const files = sourceFiles(SRC);
const scans = files.map((path) => {
  const file = relative(ROOT, path);
  return scanSource(file, readFileSync(path, 'utf8'), path.endsWith('.tsx'));
});

function report(problems: string[]): string {
  return problems.length === 0 ? '' : `\n${problems.join('\n')}\n`;
}

describe('renderer sources (src/, specs excluded)', () => {
  it('are found', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('show no user-visible literal text in components', () => {
    const literals = scans
      .flatMap((s) => s.literals)
      .map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(report(literals)).toBe('');
  });

  it('use only translation keys that exist in the en locale', () => {
    const english = loadCatalog(['en']).get('en') ?? new Map();
    const translations = new Map([...english].map(([ns, file]) => [ns, file.entries]));
    const uses: KeyUse[] = scans.flatMap((s) => s.keys);
    expect(report(unresolvedKeys(uses, translations))).toBe('');
  });
});

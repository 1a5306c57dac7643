import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

// A sandboxed preload can require only 'electron' (and a few Node shims);
// anything else pulled in at runtime either fails to load or bloats the
// bundle. Type-only imports vanish at build time and are allowed.
const IMPORT = /^\s*import\s+(type\s+)?[^'"]*from\s+['"]([^'"]+)['"]/gm;

describe('preload sources', () => {
  it('import at runtime only electron and sibling preload files', async () => {
    const directory = new URL('./', import.meta.url);
    const sources = (await readdir(directory)).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'),
    );
    expect(sources).toContain('index.ts');

    const runtimeImports: string[] = [];
    for (const name of sources) {
      const text = await readFile(new URL(name, directory), 'utf8');
      for (const [, typeOnly, specifier] of text.matchAll(IMPORT)) {
        if (!typeOnly && specifier) runtimeImports.push(specifier);
      }
    }
    expect(runtimeImports).toContain('electron');
    for (const specifier of runtimeImports) {
      expect(specifier === 'electron' || /^\.\/[\w-]+$/.test(specifier), specifier).toBe(true);
    }
  });
});

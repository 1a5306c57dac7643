import { join } from 'node:path';
import { build } from 'vite';

/**
 * The export and import children as the app ships its main process: our
 * TypeScript bundled into plain ESM JavaScript by Vite (Rolldown), the
 * packages from node_modules left as imports. Run this way, a child loads
 * what the app loads, not Node's TypeScript stripper and our sources one
 * module at a time, so its RSS and CPU measure our code. Built once per
 * bench run, untimed, under node_modules/.cache so that the bundles resolve
 * the same packages from node_modules.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'depter-bench-bundle');

export interface BundledChildren {
  exportChild: string;
  importChild: string;
  openedRecordsChild: string;
}

export async function buildBenchChildren(): Promise<BundledChildren> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      ssr: true,
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          'export-child': join(import.meta.dirname, 'export-child.ts'),
          'import-child': join(import.meta.dirname, 'import-child.ts'),
          'opened-records-child': join(import.meta.dirname, 'opened-records-child.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
    ssr: { target: 'node' },
  });
  return {
    exportChild: join(OUT_DIR, 'export-child.mjs'),
    importChild: join(OUT_DIR, 'import-child.mjs'),
    openedRecordsChild: join(OUT_DIR, 'opened-records-child.mjs'),
  };
}

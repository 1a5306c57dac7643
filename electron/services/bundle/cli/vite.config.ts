import { chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Builds the partner CLI as one self-contained ESM script for Node 22
 * (zod and our code bundled in, Node built-ins left as imports), so
 * `out/cli/depter.mjs` runs on a server with no node_modules.
 */
const outDir = resolve(__dirname, '../../../../out/cli');

export default defineConfig({
  build: {
    ssr: resolve(__dirname, 'depter.ts'),
    outDir,
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    rollupOptions: {
      output: { format: 'es', entryFileNames: 'depter.mjs', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [
    {
      name: 'depter-cli-executable',
      async writeBundle(options) {
        await chmod(join(options.dir ?? outDir, 'depter.mjs'), 0o755);
      },
    },
  ],
});

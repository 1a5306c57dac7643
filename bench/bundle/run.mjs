// Entry point of `npm run bench:bundle`. Like bench/evidence/run.mjs, Vite's
// module runner loads the TypeScript bench without a separate compile step;
// the export and import children run under Node's own type stripping.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./bundle-bench.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'warn' });
try {
  await module.main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}

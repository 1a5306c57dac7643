// Entry point of `npm run bench:evidence`. Like bench/run.mjs, Vite's module
// runner loads the TypeScript bench without a separate compile step.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./evidence-bench.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'warn' });
try {
  await module.main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}

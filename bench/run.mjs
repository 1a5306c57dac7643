// Entry point of `npm run bench`. The bench is written in TypeScript; Vite's
// module runner loads it (with its imports) without a separate compile step.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./node/run-bench.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'warn' });
try {
  await module.main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}

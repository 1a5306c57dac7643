import { runCli } from './run-cli';

/** Entry point of the built partner CLI (out/cli/depter.mjs). */

const controller = new AbortController();
// Ctrl-C stops the work; openBundle then removes its staging folder before we exit.
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
});

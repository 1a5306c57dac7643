/**
 * Test child for attach-crash.spec.ts and attach-write-refused.spec.ts, run
 * by plain Node with type stripping: `node ...TYPESCRIPT_CHILD_NODE_ARGS
 * <this> <storeDir> <source> <recipient> <namingKeyHex> [page-cache]`. It
 * attaches one file and prints the facts, or the store's error code and
 * message and exits with 1. The specs SIGKILL it part-way, as a crash or
 * power cut would stop it, or run it under a file size limit.
 * `page-cache` keeps every write in the page cache (no direct writes).
 *
 * Node does not add the `.ts` extension or `/index.ts` that our extensionless
 * imports rely on (the bundler and vitest do): the spec loads
 * scripts/ts-resolve-hook.mjs with `--import` to add them.
 */
import { EvidenceStore } from './evidence-store';
import { isEvidenceError } from './evidence-store-types';

const [directory, source, recipient, namingKeyHex, writes] = process.argv.slice(2);
if (!directory || !source || !recipient || !namingKeyHex) {
  throw new Error('usage: <storeDir> <source> <recipient> <namingKeyHex> [page-cache]');
}
const store = new EvidenceStore({ directory, directWrites: writes !== 'page-cache' });
try {
  const facts = await store.attach(source, {
    ageRecipient: recipient,
    // Attach encrypts only; the identity is never used.
    ageIdentity: '',
    namingKey: Buffer.from(namingKeyHex, 'hex'),
  });
  process.stdout.write(JSON.stringify(facts));
} catch (error) {
  if (!isEvidenceError(error)) throw error;
  process.stdout.write(JSON.stringify({ code: error.code, message: error.message }));
  process.exitCode = 1;
}

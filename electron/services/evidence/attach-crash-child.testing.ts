/**
 * Test child for attach-crash.spec.ts, run by plain Node with type
 * stripping: `node ...TYPESCRIPT_CHILD_NODE_ARGS <this> <storeDir> <source>
 * <recipient> <namingKeyHex>`. It attaches one file and prints the facts;
 * the spec SIGKILLs it part-way, as a crash or power cut would stop it.
 *
 * Node does not add the `.ts` extension or `/index.ts` that our extensionless
 * imports rely on (the bundler and vitest do): the spec loads
 * scripts/ts-resolve-hook.mjs with `--import` to add them.
 */
import { EvidenceStore } from './evidence-store';

const [directory, source, recipient, namingKeyHex] = process.argv.slice(2);
if (!directory || !source || !recipient || !namingKeyHex) {
  throw new Error('usage: <storeDir> <source> <recipient> <namingKeyHex>');
}
const store = new EvidenceStore({ directory });
const facts = await store.attach(source, {
  ageRecipient: recipient,
  // Attach encrypts only; the identity is never used.
  ageIdentity: '',
  namingKey: Buffer.from(namingKeyHex, 'hex'),
});
process.stdout.write(JSON.stringify(facts));

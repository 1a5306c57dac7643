/**
 * Test child for attach-crash.spec.ts, run by plain Node with type
 * stripping: `node --experimental-transform-types <this> <storeDir> <source>
 * <recipient> <namingKeyHex>`. It attaches one file and prints the facts;
 * the spec SIGKILLs it part-way, as a crash or power cut would stop it.
 *
 * Node does not add the `.ts` extension or `/index.ts` that our extensionless
 * imports rely on (the bundler and vitest do), so a resolve hook adds them.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('.')) return nextResolve(specifier, context);
    for (const candidate of [specifier, `${specifier}.ts`, `${specifier}/index.ts`]) {
      try {
        return nextResolve(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    return nextResolve(specifier, context);
  },
});

const [directory, source, recipient, namingKeyHex] = process.argv.slice(2);
if (!directory || !source || !recipient || !namingKeyHex) {
  throw new Error('usage: <storeDir> <source> <recipient> <namingKeyHex>');
}
const { EvidenceStore } = await import('./evidence-store');
const store = new EvidenceStore({ directory });
const facts = await store.attach(source, {
  ageRecipient: recipient,
  // Attach encrypts only; the identity is never used.
  ageIdentity: '',
  namingKey: Buffer.from(namingKeyHex, 'hex'),
});
process.stdout.write(JSON.stringify(facts));

// Loaded with `node --import` before a TypeScript entry run by Node's type
// stripping: our sources import without the `.ts` extension (the bundler and
// vitest add it), so this hook tries the spellings they would.
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

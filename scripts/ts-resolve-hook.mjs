// Loaded with `node --import` before a TypeScript entry run by Node's type
// stripping: our sources import without the `.ts` extension (the bundler and
// vitest add it), so this hook tries the spellings they would; and they import
// JSON (the locale vocabularies) without `with { type: 'json' }`, which the
// bundler does not need but Node's loader insists on.
import { registerHooks } from 'node:module';

function asJsonWhenJson(resolved, context) {
  if (!resolved.url.endsWith('.json') || context.importAttributes?.type) return resolved;
  return { ...resolved, importAttributes: { ...context.importAttributes, type: 'json' } };
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (!specifier.startsWith('.')) return nextResolve(specifier, context);
    for (const candidate of [specifier, `${specifier}.ts`, `${specifier}/index.ts`]) {
      try {
        return asJsonWhenJson(nextResolve(candidate, context), context);
      } catch {
        // try the next spelling
      }
    }
    return nextResolve(specifier, context);
  },
});

import { fileURLToPath } from 'node:url';

/**
 * Node flags that run one of our TypeScript files directly in a child
 * process (crash tests kill such a child part-way; the evidence bench
 * measures one): type stripping, plus a resolve hook for our extensionless
 * relative imports, which the bundler and vitest resolve but Node does not.
 */
export const TYPESCRIPT_CHILD_NODE_ARGS: readonly string[] = [
  '--import',
  fileURLToPath(new URL('./ts-resolve-hook.mjs', import.meta.url)),
  '--experimental-transform-types',
  '--disable-warning=ExperimentalWarning',
];

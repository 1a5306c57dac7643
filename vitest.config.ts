import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.spec.ts', 'src/**/*.spec.{ts,tsx}', 'tests/unit/**/*.spec.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
  },
});

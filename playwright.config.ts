import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/e2e/harness/paths';

/**
 * End-to-end tests: the built renderer (out/renderer) in Debian's Chromium,
 * with window.depter bridged to the real Node-side API handlers
 * (tests/e2e/harness). Playwright cannot download browsers in this
 * environment, so the system Chromium is used.
 */
const inCi = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/harness/global-setup.ts',
  fullyParallel: false,
  // CI machines have two cores: one browser per core.
  workers: 2,
  retries: 0,
  forbidOnly: inCi,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    trace: inCi ? 'off' : 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});

import { test as base, expect } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security';
import { connectDepterServices, type BridgeRecorder } from './depter-services';
import { RENDERER_DIR } from './paths';
import { watchRendererErrors } from './renderer-errors';
import { startStaticServer, type StaticServer } from './static-server';

interface TestFixtures {
  /** The OS's preferred languages as getSystemLocales reports them. */
  systemLocales: string[];
  bridge: BridgeRecorder;
}

interface WorkerFixtures {
  rendererServer: StaticServer;
}

/**
 * Every test gets a fresh browser context (a fresh profile, so an empty
 * IndexedDB), served from out/renderer over a real origin, with
 * window.depter bridged to the real API handlers.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  systemLocales: [['ru-RU', 'ru'], { option: true }],

  rendererServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      // The policy main sends (only the evidence source substituted), so a CSP violation shows up here too.
      const server = await startStaticServer(RENDERER_DIR, CONTENT_SECURITY_POLICY);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ rendererServer }, use) => {
    await use(`${rendererServer.origin}/`);
  },

  // Everything is attached to the context before the test's page loads the
  // app, so the app never starts without window.depter.
  bridge: async ({ context, systemLocales, rendererServer }, use, testInfo) => {
    const recorder = await connectDepterServices(context, {
      origin: rendererServer.origin,
      systemLocales,
      dataDir: testInfo.outputPath('app-data'),
      saveDir: testInfo.outputPath('saved-files'),
      playbackServer: rendererServer,
    });
    await use(recorder);
    recorder.dispose();
  },

  // A test fails on any uncaught error or CSP violation in the renderer,
  // even if what it asserts looks right.
  page: async ({ bridge, page }, use) => {
    void bridge;
    const errors = watchRendererErrors(page);
    await use(page);
    expect(errors, 'uncaught errors or CSP violations in the renderer').toEqual([]);
  },
});

export { expect, type BridgeRecorder };

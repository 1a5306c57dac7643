import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { ApiMethod } from '../../../src/domain/api';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security';
import { createApiHandlers } from '../../../electron/services/api-handlers';
import { bridgeDepterApi } from './bridge';
import { RENDERER_DIR } from './paths';
import { watchRendererErrors } from './renderer-errors';
import { startStaticServer, type StaticServer } from './static-server';

/** What the Node side of the bridge saw during one test. */
export interface BridgeRecorder {
  /** Every call that reached the bridge, in order, with its raw input. */
  readonly calls: { method: ApiMethod; input: unknown }[];
  /** URLs the handlers actually passed on to the system browser. */
  readonly openedUrls: string[];
  /** Where saveTextFile writes in this test (a fresh directory per test). */
  readonly saveDir: string;
  /** Set to make the next save dialog act as if the user pressed Cancel. */
  cancelNextSave: boolean;
}

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
      // The same policy main sends, so a CSP violation shows up here too.
      const server = await startStaticServer(RENDERER_DIR, {
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ rendererServer }, use) => {
    await use(`${rendererServer.origin}/`);
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  bridge: async ({}, use, testInfo) => {
    const saveDir = testInfo.outputPath('saved-files');
    await mkdir(saveDir, { recursive: true });
    await use({ calls: [], openedUrls: [], saveDir, cancelNextSave: false });
  },

  // The bridge is attached to the context before its first page exists, so
  // the app never starts without window.depter.
  context: async ({ context, bridge, systemLocales }, use) => {
    const handlers = createApiHandlers({
      getSystemLocales: () => [...systemLocales],
      openExternal: async (url) => {
        bridge.openedUrls.push(url);
      },
      chooseSavePath: async (suggestedName) => {
        if (bridge.cancelNextSave) {
          bridge.cancelNextSave = false;
          return null;
        }
        return join(bridge.saveDir, suggestedName);
      },
    });
    await bridgeDepterApi(context, handlers, (method, input) =>
      bridge.calls.push({ method, input }),
    );
    await use(context);
  },

  // A test fails on any uncaught error or CSP violation in the renderer,
  // even if what it asserts looks right.
  page: async ({ page }, use) => {
    const errors = watchRendererErrors(page);
    await use(page);
    expect(errors, 'uncaught errors or CSP violations in the renderer').toEqual([]);
  },
});

export { expect };

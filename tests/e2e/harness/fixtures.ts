import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { ApiMethod } from '../../../src/domain/api';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security';
import { createApiHandlers } from '../../../electron/services/api-handlers';
import { VaultService } from '../../../electron/services/vault/vault-service';
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
  /** The app's data folder in this test (keys.age and the vault state live here). */
  readonly dataDir: string;
  /** The real vault service behind the handlers, for tests that look at it directly. */
  readonly vault: VaultService;
}

/** scrypt work factor of keys.age in tests (the app uses DEFAULT_VAULT_LOG_N). */
const TEST_SCRYPT_LOG_N = 12;

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

  // Everything is attached to the context before the test's page loads the
  // app, so the app never starts without window.depter.
  bridge: async ({ context, systemLocales, rendererServer }, use, testInfo) => {
    const saveDir = testInfo.outputPath('saved-files');
    const dataDir = testInfo.outputPath('app-data');
    await mkdir(saveDir, { recursive: true });
    await mkdir(dataDir, { recursive: true });

    // What Electron's session.clearStorageData does for the app: drop the origin's IndexedDB.
    const deleteDatabase = async () => {
      const page = context.pages()[0];
      if (!page) return;
      const session = await context.newCDPSession(page);
      await session.send('Storage.clearDataForOrigin', {
        origin: rendererServer.origin,
        storageTypes: 'indexeddb',
      });
      await session.detach();
    };
    const recorder: BridgeRecorder = {
      calls: [],
      openedUrls: [],
      saveDir,
      dataDir,
      cancelNextSave: false,
      // Lowered only to keep the suite fast; the code path is the app's.
      vault: new VaultService({ dataDir, logN: TEST_SCRYPT_LOG_N, deleteDatabase }),
    };
    const handlers = createApiHandlers({
      getSystemLocales: () => [...systemLocales],
      openExternal: async (url) => {
        recorder.openedUrls.push(url);
      },
      chooseSavePath: async (suggestedName) => {
        if (recorder.cancelNextSave) {
          recorder.cancelNextSave = false;
          return null;
        }
        return join(saveDir, suggestedName);
      },
      vault: recorder.vault,
      deleteDatabase,
    });
    await bridgeDepterApi(context, handlers, (method, input) =>
      recorder.calls.push({ method, input }),
    );
    await use(recorder);
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

export { expect };

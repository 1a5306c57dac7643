import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import type { ApiMethod } from '../../../src/domain/api';
import { createApiHandlers } from '../../../electron/services/api-handlers';
import { VaultService } from '../../../electron/services/vault/vault-service';
import { bridgeDepterApi } from './bridge';

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
export const TEST_SCRYPT_LOG_N = 12;

export interface DepterServicesOptions {
  /** The renderer's origin: its IndexedDB is what the quick wipe clears. */
  origin: string;
  /** The OS's preferred languages as getSystemLocales reports them. */
  systemLocales: readonly string[];
  /** The app's data folder (created if missing). */
  dataDir: string;
  /** Where saveTextFile writes (created if missing). */
  saveDir: string;
}

/**
 * Plays main's part for `context`: the real API handlers and a real
 * VaultService on `dataDir`, bridged into every page as window.depter. Must
 * run before the context's first page loads the app. Shared by the default
 * per-test context (fixtures.ts) and tests that launch their own browser,
 * e.g. with a persistent profile on disk.
 */
export async function connectDepterServices(
  context: BrowserContext,
  { origin, systemLocales, dataDir, saveDir }: DepterServicesOptions,
): Promise<BridgeRecorder> {
  await mkdir(saveDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });

  // What Electron's session.clearStorageData does for the app: drop the origin's IndexedDB.
  const deleteDatabase = async () => {
    const page = context.pages()[0];
    if (!page) return;
    const session = await context.newCDPSession(page);
    await session.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
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
  return recorder;
}

import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import type { ApiHandlers, ApiMethod } from '../../../src/domain/api';
import { dispatch } from '../../../electron/services/api-dispatch';
import { createApiHandlers } from '../../../electron/services/api-handlers';
import {
  createEvidenceHandlers,
  endingEvidenceSessionOnLock,
  playbackReaderOpener,
} from '../../../electron/services/evidence/evidence-handlers';
import {
  createEvidenceRequestHandler,
  PlaybackTokens,
} from '../../../electron/services/evidence/evidence-protocol';
import { EvidenceStore } from '../../../electron/services/evidence/evidence-store';
import { createExchangeHandlers } from '../../../electron/services/exchange/exchange-handlers';
import {
  EVIDENCE_FOLDER_NAME,
  EXCHANGE_WORK_FOLDER_NAME,
  VaultService,
} from '../../../electron/services/vault/vault-service';
import { bridgeDepterApi, emitApiEvent, type DroppedFileBytes } from './bridge';
import type { StaticServer } from './static-server';

/** What the Node side of the bridge saw during one test. */
export interface BridgeRecorder {
  /** Every call that reached the bridge, in order, with its raw input. */
  readonly calls: { method: ApiMethod; input: unknown }[];
  /** URLs the handlers actually passed on to the system browser. */
  readonly openedUrls: string[];
  /** Texts put on the system clipboard through copyText, in order. */
  readonly copiedTexts: string[];
  /** Where saveTextFile and saveEvidenceCopy write in this test (a fresh directory per test). */
  readonly saveDir: string;
  /** Set to make the next save dialog act as if the user pressed Cancel. */
  cancelNextSave: boolean;
  /**
   * What the next open-files dialog answers (absolute paths); consumed by it.
   * Empty: the dialog acts as if the user pressed Cancel.
   */
  nextChosenFiles: string[];
  /** The app's data folder in this test (keys.age and the vault state live here). */
  readonly dataDir: string;
  /** The evidence store's folder inside the data folder. */
  readonly evidenceDir: string;
  /** The real vault service behind the handlers, for tests that look at it directly. */
  readonly vault: VaultService;
  /** Stops what the evidence handlers run and detaches playback from the server. */
  dispose(): void;
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
  /**
   * The server the page is loaded from, which then serves evidence playback
   * for this context. Without it openEvidence's URLs are left as main issues
   * them (which Chromium cannot load).
   */
  playbackServer?: StaticServer;
}

/**
 * Plays main's part for `context`: the real API handlers, a real
 * VaultService on `dataDir` and a real EvidenceStore in its evidence folder,
 * bridged into every page as window.depter, with main's events (evidence
 * progress) delivered into the pages as the preload would. Must run before
 * the context's first page loads the app. Shared by the default per-test
 * context (fixtures.ts) and tests that launch their own browser, e.g. with a
 * persistent profile on disk.
 */
export async function connectDepterServices(
  context: BrowserContext,
  { origin, systemLocales, dataDir, saveDir, playbackServer }: DepterServicesOptions,
): Promise<BridgeRecorder> {
  await mkdir(saveDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  const dropRoot = join(dataDir, '..', 'dropped-files');
  await mkdir(dropRoot, { recursive: true });

  // What Electron's session.clearStorageData does for the app: drop the origin's IndexedDB.
  const deleteDatabase = async () => {
    const page = context.pages()[0];
    if (!page) return;
    const session = await context.newCDPSession(page);
    await session.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
    await session.detach();
  };
  const chooseSavePath = async (suggestedName: string) => {
    if (recorder.cancelNextSave) {
      recorder.cancelNextSave = false;
      return null;
    }
    return join(saveDir, suggestedName);
  };

  // Lowered only to keep the suite fast; the code path is the app's.
  const vaultService = new VaultService({ dataDir, logN: TEST_SCRYPT_LOG_N, deleteDatabase });
  const evidenceDir = join(dataDir, EVIDENCE_FOLDER_NAME);
  const store = new EvidenceStore({ directory: evidenceDir });
  const playbackTokens = new PlaybackTokens();
  const evidence = createEvidenceHandlers({
    store,
    vault: vaultService,
    chooseOpenPaths: async () => recorder.nextChosenFiles.splice(0),
    chooseSavePath,
    emitProgress: (progress) => {
      for (const page of context.pages()) {
        // A page closing or navigating loses the event, as a reloading renderer does.
        emitApiEvent(page, 'evidenceProgress', progress).catch(() => undefined);
      }
    },
    playbackUrls: playbackTokens,
  });
  const exchange = createExchangeHandlers({
    vault: vaultService,
    store,
    chooseOpenPaths: async () => recorder.nextChosenFiles.splice(0),
    chooseSavePath,
    emitProgress: (progress) => {
      for (const page of context.pages()) {
        emitApiEvent(page, 'bundleProgress', progress).catch(() => undefined);
      }
    },
    workDir: join(dataDir, EXCHANGE_WORK_FOLDER_NAME),
  });
  // As in electron/main/index.ts: every lock and the wipe end the evidence and exchange sessions.
  const vault = endingEvidenceSessionOnLock(vaultService, () => {
    evidence.endSession();
    exchange.endSession();
  });
  // Main removes leftovers once at start, before any attach.
  await store.removeLeftovers();
  playbackServer?.setEvidenceHandler(
    createEvidenceRequestHandler({
      tokens: playbackTokens,
      openReader: playbackReaderOpener(store, vaultService),
    }),
  );

  const recorder: BridgeRecorder = {
    calls: [],
    openedUrls: [],
    copiedTexts: [],
    saveDir,
    dataDir,
    evidenceDir,
    cancelNextSave: false,
    nextChosenFiles: [],
    vault: vaultService,
    dispose() {
      evidence.endSession();
      exchange.endSession();
      playbackServer?.setEvidenceHandler(null);
    },
  };
  const apiHandlers = createApiHandlers({
    getSystemLocales: () => [...systemLocales],
    openExternal: async (url) => {
      recorder.openedUrls.push(url);
    },
    chooseSavePath,
    writeClipboardText: (text) => {
      recorder.copiedTexts.push(text);
    },
    vault,
    deleteDatabase,
    evidence: evidence.handlers,
    exchange: exchange.handlers,
  });
  const handlers: ApiHandlers = playbackServer
    ? {
        ...apiHandlers,
        // Chromium here cannot load depter-evidence: URLs; the same token is served by the test server.
        async openEvidence(input) {
          const answer = await apiHandlers.openEvidence(input);
          return answer.ok ? { ...answer, url: playbackServer.evidenceUrlFor(answer.url) } : answer;
        },
      }
    : apiHandlers;

  const onCall = (method: ApiMethod, input: unknown) => recorder.calls.push({ method, input });
  // Stand-in for the preload's webUtils.getPathForFile: the dropped files'
  // bytes are written to disk here and the real handler gets those paths.
  const receiveDroppedFiles = async (files: DroppedFileBytes[]) => {
    const folder = await mkdtemp(join(dropRoot, 'drop-'));
    const paths: string[] = [];
    for (const [index, file] of files.entries()) {
      // A dropped File's name has no folder; keep it that way whatever the page sent.
      const name = basename(String(file.name)) || `file-${index}`;
      const path = join(folder, `${index}`, name);
      await mkdir(join(folder, `${index}`));
      await writeFile(path, Buffer.from(String(file.base64), 'base64'));
      const modified = new Date(Number(file.lastModified));
      if (!Number.isNaN(modified.getTime())) await utimes(path, modified, modified);
      paths.push(path);
    }
    onCall('registerDroppedFiles', { paths });
    return dispatch(handlers, 'registerDroppedFiles', { paths });
  };
  await bridgeDepterApi(context, handlers, onCall, receiveDroppedFiles);
  return recorder;
}

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain, powerMonitor, session, type BrowserWindow } from 'electron';
import { createApiHandlers } from '../services/api-handlers';
import {
  createEvidenceHandlers,
  endingEvidenceSessionOnLock,
  playbackReaderOpener,
} from '../services/evidence/evidence-handlers';
import {
  createEvidenceRequestHandler,
  PlaybackTokens,
} from '../services/evidence/evidence-protocol';
import { EvidenceStore } from '../services/evidence/evidence-store';
import { createExchangeHandlers } from '../services/exchange/exchange-handlers';
import { allowedExternalUrl } from '../services/external-links';
import {
  EVIDENCE_FOLDER_NAME,
  EXCHANGE_WORK_FOLDER_NAME,
  VaultService,
} from '../services/vault/vault-service';
import { APP_ORIGIN, APP_START_URL, createOriginCheck, originOf } from './app-origin';
import { registerPrivilegedSchemes, serveEvidence, serveRenderer } from './app-protocol';
import { startAutoLock } from './auto-lock';
import { createSenderCheck, registerApiIpc } from './ipc';
import { lockWithRenderer } from './lock-with-renderer';
import { electronApiDeps } from './platform-deps';
import { sendApiEvent } from './renderer-events';
import { resolveRuntimeMode } from './runtime-mode';
import { CONTENT_SECURITY_POLICY, hardenSession, installSecurityPolicy } from './security';
import { closeAfterLock } from './close-after-lock';
import { claimSingleInstance } from './single-instance';
import { createMainWindow } from './window';

// Built layout: out/main/index.js next to out/preload and out/renderer.
const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

const mode = resolveRuntimeMode(app.isPackaged, process.env);
const devServerOrigin = mode.devServerUrl ? originOf(mode.devServerUrl) : null;
const isAppUrl = createOriginCheck(devServerOrigin ? [APP_ORIGIN, devServerOrigin] : [APP_ORIGIN]);

let mainWindow: BrowserWindow | null = null;
const getMainWindow = () => mainWindow;
// A destroyed window throws on any access to its webContents.
const getRenderer = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);

// All must happen before 'ready'.
registerPrivilegedSchemes();
app.enableSandbox();

if (claimSingleInstance(app, getMainWindow)) {
  const platform = electronApiDeps(getMainWindow);
  installSecurityPolicy(app, {
    isAppUrl,
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    openExternalIfAllowed(url) {
      const allowed = allowedExternalUrl(url);
      if (allowed !== null) void platform.openExternal(allowed).catch(() => undefined);
    },
  });
  // keys.age and vault-state.json sit in the data folder, next to Chromium's
  // profile (which holds the IndexedDB) and evidence/.
  const dataDir = app.getPath('userData');
  const vaultService = new VaultService({ dataDir, deleteDatabase: platform.deleteDatabase });
  const evidenceStore = new EvidenceStore({ directory: join(dataDir, EVIDENCE_FOLDER_NAME) });
  const playbackTokens = new PlaybackTokens();
  const evidence = createEvidenceHandlers({
    store: evidenceStore,
    vault: vaultService,
    chooseOpenPaths: platform.chooseOpenPaths,
    chooseSavePath: platform.chooseSavePath,
    emitProgress: (progress) => sendApiEvent(getRenderer(), 'evidenceProgress', progress),
    playbackUrls: playbackTokens,
  });
  const exchange = createExchangeHandlers({
    vault: vaultService,
    store: evidenceStore,
    ...platform.exchangeDialogs,
    emitProgress: (progress) => sendApiEvent(getRenderer(), 'bundleProgress', progress),
    workDir: join(dataDir, EXCHANGE_WORK_FOLDER_NAME),
  });
  // Every lock below (button, idle, suspend, reload, close, quit, wipe) goes
  // through this vault, which ends the evidence and exchange sessions with the keys.
  const vault = endingEvidenceSessionOnLock(vaultService, () => {
    evidence.endSession();
    exchange.endSession();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, CONTENT_SECURITY_POLICY);
    serveRenderer(rendererRoot, CONTENT_SECURITY_POLICY);
    serveEvidence(
      createEvidenceRequestHandler({
        tokens: playbackTokens,
        openReader: playbackReaderOpener(evidenceStore, vaultService),
      }),
    );
    // Before any attach can start: temporary files of one cut short by a
    // crash or a kill. A disk error here must not keep the app from starting.
    await evidenceStore.removeLeftovers().catch((error: unknown) => {
      console.error('evidence leftovers could not be removed', error);
    });
    registerApiIpc(
      ipcMain,
      createApiHandlers({
        ...platform,
        vault,
        evidence: evidence.handlers,
        exchange: exchange.handlers,
      }),
      createSenderCheck(getMainWindow, isAppUrl),
    );
    mainWindow = createMainWindow({
      preloadPath,
      devToolsEnabled: mode.devToolsEnabled,
      startUrl: mode.devServerUrl ?? APP_START_URL,
    });
    lockWithRenderer(mainWindow.webContents, vault, isAppUrl);
    mainWindow.on('closed', () => {
      mainWindow = null;
      vault.lock();
    });
    // powerMonitor may be used only once the app is ready.
    const autoLock = startAutoLock({ powerMonitor, vault, getRenderer });
    // Closing while unlocked saves the drafts being typed first, as a lock does.
    closeAfterLock(mainWindow, { vault, requestLock: autoLock.requestLock });
    app.on('will-quit', () => {
      autoLock.stop();
      vault.lock();
    });
  });
}

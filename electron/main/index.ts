import { fileURLToPath } from 'node:url';
import { app, ipcMain, powerMonitor, session, type BrowserWindow } from 'electron';
import { createApiHandlers } from '../services/api-handlers';
import { allowedExternalUrl } from '../services/external-links';
import { VaultService } from '../services/vault/vault-service';
import { APP_ORIGIN, APP_START_URL, createOriginCheck, originOf } from './app-origin';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { startAutoLock } from './auto-lock';
import { createSenderCheck, registerApiIpc } from './ipc';
import { lockWithRenderer } from './lock-with-renderer';
import { electronApiDeps } from './platform-deps';
import { resolveRuntimeMode } from './runtime-mode';
import { CONTENT_SECURITY_POLICY, hardenSession, installSecurityPolicy } from './security';
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

// Both must happen before 'ready'.
registerAppScheme();
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
  const vault = new VaultService({
    dataDir: app.getPath('userData'),
    deleteDatabase: platform.deleteDatabase,
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, CONTENT_SECURITY_POLICY);
    serveRenderer(rendererRoot, CONTENT_SECURITY_POLICY);
    registerApiIpc(
      ipcMain,
      createApiHandlers({ ...platform, vault }),
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
    app.on('will-quit', () => {
      autoLock.stop();
      vault.lock();
    });
  });
}

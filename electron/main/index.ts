import { fileURLToPath } from 'node:url';
import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { createApiHandlers } from '../services/api-handlers';
import { allowedExternalUrl } from '../services/external-links';
import { APP_ORIGIN, APP_START_URL, createOriginCheck, originOf } from './app-origin';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createSenderCheck, registerApiIpc } from './ipc';
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
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, CONTENT_SECURITY_POLICY);
    serveRenderer(rendererRoot, CONTENT_SECURITY_POLICY);
    registerApiIpc(
      ipcMain,
      createApiHandlers(platform),
      createSenderCheck(getMainWindow, isAppUrl),
    );
    mainWindow = createMainWindow({
      preloadPath,
      devToolsEnabled: mode.devToolsEnabled,
      startUrl: mode.devServerUrl ?? APP_START_URL,
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });
}

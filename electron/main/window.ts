import { BrowserWindow, type WebPreferences } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  devToolsEnabled: boolean;
  startUrl: string;
}

/**
 * The renderer is treated as untrusted web content: isolated from the
 * preload, sandboxed, without Node anywhere (frames and workers included),
 * with web security on and no experimental or mixed content. Spellcheck is
 * off because it downloads dictionaries, and Depter makes no network calls.
 */
export function mainWindowWebPreferences(
  options: Pick<MainWindowOptions, 'preloadPath' | 'devToolsEnabled'>,
): WebPreferences {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    spellcheck: false,
    devTools: options.devToolsEnabled,
    safeDialogs: true,
  };
}

// Matches the renderer's page background, so no white flash shows before paint.
const BACKGROUND_COLOUR = '#f5f6f8';

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: BACKGROUND_COLOUR,
    title: 'Depter',
    webPreferences: mainWindowWebPreferences(options),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
}

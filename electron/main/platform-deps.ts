import { join } from 'node:path';
import { app, dialog, session, shell, type BrowserWindow } from 'electron';
import type { ApiHandlerDeps } from '../services/api-handlers';

/** Everything the handlers need except the vault, which main creates itself. */
export type PlatformDeps = Omit<ApiHandlerDeps, 'vault'>;

/** The Electron implementations of what the API handlers need from the OS. */
export function electronApiDeps(getMainWindow: () => BrowserWindow | null): PlatformDeps {
  return {
    getSystemLocales: () => app.getPreferredSystemLanguages(),
    // Callers pass only URLs that passed the allow-list.
    openExternal: (url) => shell.openExternal(url),
    async chooseSavePath(suggestedName) {
      const options = {
        defaultPath: join(app.getPath('documents'), suggestedName),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
          'createDirectory' | 'showOverwriteConfirmation'
        >,
      };
      const window = getMainWindow();
      const result = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    // The records database is the renderer's IndexedDB, which lives in
    // Chromium's profile inside the data folder; only Chromium can delete it
    // cleanly (open connections are closed, its files and journals removed).
    deleteDatabase: () => session.defaultSession.clearStorageData({ storages: ['indexdb'] }),
  };
}

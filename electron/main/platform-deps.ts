import { join } from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import type { ApiHandlerDeps } from '../services/api-handlers';

/** The Electron implementations of what the API handlers need from the OS. */
export function electronApiDeps(getMainWindow: () => BrowserWindow | null): ApiHandlerDeps {
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
  };
}

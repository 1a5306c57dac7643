import { join } from 'node:path';
import { app, clipboard, dialog, session, shell, type BrowserWindow } from 'electron';
import type { ApiHandlerDeps } from '../services/api-handlers';
import type { EvidenceHandlerDeps } from '../services/evidence/evidence-handlers';
import type { ExchangeHandlerDeps } from '../services/exchange/exchange-types';

/** Everything the handlers need from the OS; main adds the vault and the evidence store. */
export type PlatformDeps = Omit<ApiHandlerDeps, 'vault' | 'evidence' | 'exchange'> &
  Pick<EvidenceHandlerDeps, 'chooseOpenPaths'> & {
    /** The dialogs of export and import: with file type filters. */
    exchangeDialogs: Pick<ExchangeHandlerDeps, 'chooseOpenPaths' | 'chooseSavePath'>;
  };

/** The Electron implementations of what the API handlers need from the OS. */
export function electronApiDeps(getMainWindow: () => BrowserWindow | null): PlatformDeps {
  return {
    getSystemLocales: () => app.getPreferredSystemLanguages(),
    // Callers pass only URLs that passed the allow-list.
    openExternal: (url) => shell.openExternal(url),
    writeClipboardText: (text) => clipboard.writeText(text),
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
    async chooseOpenPaths() {
      const options = {
        properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
      };
      const window = getMainWindow();
      const result = window
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    exchangeDialogs: {
      async chooseOpenPaths({ multiple, filters }) {
        const properties: Array<'openFile' | 'multiSelections'> = multiple
          ? ['openFile', 'multiSelections']
          : ['openFile'];
        const window = getMainWindow();
        const result = window
          ? await dialog.showOpenDialog(window, { properties, filters })
          : await dialog.showOpenDialog({ properties, filters });
        return result.canceled ? [] : result.filePaths;
      },
      async chooseSavePath(suggestedName, filters) {
        const options = {
          defaultPath: join(app.getPath('documents'), suggestedName),
          properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
            'createDirectory' | 'showOverwriteConfirmation'
          >,
          ...(filters ? { filters } : {}),
        };
        const window = getMainWindow();
        const result = window
          ? await dialog.showSaveDialog(window, options)
          : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    },
    // The records database is the renderer's IndexedDB, which lives in
    // Chromium's profile inside the data folder; only Chromium can delete it
    // cleanly (open connections are closed, its files and journals removed).
    deleteDatabase: () => session.defaultSession.clearStorageData({ storages: ['indexdb'] }),
  };
}

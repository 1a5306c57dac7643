import type { App, BrowserWindow } from 'electron';

/**
 * Two copies writing the same IndexedDB and key file would corrupt them, so
 * a second launch hands over to the first (which comes to the front) and
 * quits. Returns false in the instance that must quit.
 */
export function claimSingleInstance(app: App, getMainWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const window = getMainWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}

import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { apiContract, API_METHODS, type ApiHandlers } from '../../src/domain/api';
import { dispatch } from '../services/api-dispatch';

export class ForbiddenSenderError extends Error {
  override readonly name = 'ForbiddenSenderError';
  constructor(channel: string) {
    super(`FORBIDDEN_SENDER: ${channel}`);
  }
}

/**
 * Accepts a call only from the main frame of our own window while it shows
 * the app origin: not from a subframe, another window, or the window after
 * it was somehow navigated elsewhere.
 */
export function createSenderCheck(
  getMainWindow: () => BrowserWindow | null,
  isAppUrl: (url: string) => boolean,
): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const window = getMainWindow();
    const frame = event.senderFrame;
    if (!window || window.isDestroyed() || !frame) return false;
    const mainFrame = window.webContents.mainFrame;
    return (
      event.sender.id === window.webContents.id &&
      frame.parent === null &&
      frame.processId === mainFrame.processId &&
      frame.routingId === mainFrame.routingId &&
      isAppUrl(frame.url)
    );
  };
}

/** One `ipcMain.handle` per contract method: check the sender, then dispatch. */
export function registerApiIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: ApiHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const method of API_METHODS) {
    const { channel } = apiContract[method];
    ipcMain.handle(channel, async (event, rawInput: unknown) => {
      if (!isTrustedSender(event)) throw new ForbiddenSenderError(channel);
      return dispatch(handlers, method, rawInput);
    });
  }
}

import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildDepterApi } from './depter-api';

// ipcRenderer stays inside this closure; the page sees only the bound methods.
contextBridge.exposeInMainWorld(
  'depter',
  buildDepterApi(
    (channel, input) => ipcRenderer.invoke(channel, input),
    (channel, listener) => {
      // The page's listener never receives the IPC event object: it carries
      // the sender and would hand the page a way back into ipcRenderer.
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
    (file) => webUtils.getPathForFile(file),
  ),
);

import { contextBridge, ipcRenderer } from 'electron';
import { buildDepterApi } from './depter-api';

// ipcRenderer stays inside this closure; the page sees only the bound methods.
contextBridge.exposeInMainWorld(
  'depter',
  buildDepterApi((channel, input) => ipcRenderer.invoke(channel, input)),
);

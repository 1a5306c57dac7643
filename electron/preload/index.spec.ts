import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { apiContract, apiEvents, API_METHODS } from '../../src/domain/api';
import { MAX_DROPPED_PATHS_PER_CALL } from './depter-api';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (channel: string, _input?: unknown): Promise<unknown> => ({ from: channel })),
  // Electron answers '' for a File that is not on disk.
  getPathForFile: vi.fn((file: File) =>
    file.name.startsWith('made-in-page') ? '' : `/drop/${file.name}`,
  ),
  // A real emitter stands in for ipcRenderer's listener registry.
  ipcEvents: null as EventEmitter | null,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ipcEvents = new Emitter();
  electron.ipcEvents = ipcEvents;
  return {
    contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
    webUtils: { getPathForFile: electron.getPathForFile },
    ipcRenderer: {
      invoke: electron.invoke,
      send: vi.fn(),
      on: vi.fn((channel: string, listener: (...args: unknown[]) => void) =>
        ipcEvents.on(channel, listener),
      ),
      removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) =>
        ipcEvents.removeListener(channel, listener),
      ),
    },
  };
});

function ipcEvents(): EventEmitter {
  if (!electron.ipcEvents) throw new Error('electron mock not loaded');
  return electron.ipcEvents;
}

async function loadExposedApi(): Promise<Record<string, unknown>> {
  vi.resetModules();
  electron.exposeInMainWorld.mockClear();
  await import('./index');
  expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, api] = electron.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
  expect(name).toBe('depter');
  return api;
}

beforeEach(() => {
  // Back to answering { from: channel }, whatever a test made it answer.
  electron.invoke.mockReset();
  electron.getPathForFile.mockClear();
  electron.ipcEvents?.removeAllListeners();
});

describe('preload', () => {
  it('exposes exactly the methods and event subscriptions of the contract, all functions', async () => {
    const api = await loadExposedApi();
    expect(Object.keys(api).sort()).toEqual(
      [...API_METHODS, 'onLockRequested', 'onEvidenceProgress', 'onBundleProgress'].sort(),
    );
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or a generic invoke', async () => {
    const api = await loadExposedApi();
    for (const name of ['ipcRenderer', 'invoke', 'send', 'on'])
      expect(api).not.toHaveProperty(name);
    expect(Object.values(api)).not.toContain(electron.invoke);
  });

  const PLAIN_METHODS = API_METHODS.filter((method) => method !== 'registerDroppedFiles');

  it.each(PLAIN_METHODS)('%s invokes its own channel with the input', async (method) => {
    const api = await loadExposedApi();
    const call = api[method] as (input?: unknown) => Promise<unknown>;
    const input = { marker: method };
    await expect(call(input)).resolves.toEqual({ from: apiContract[method].channel });
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith(apiContract[method].channel, input);
  });

  it('forwards only the first argument', async () => {
    const api = await loadExposedApi();
    const openExternal = api.openExternal as (...args: unknown[]) => Promise<unknown>;
    await openExternal({ url: 'https://uwazi.io/' }, 'extra', { channel: 'other' });
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('shell:open-external', {
      url: 'https://uwazi.io/',
    });
  });

  it('passes no input for methods without one', async () => {
    const api = await loadExposedApi();
    await (api.getSystemLocales as () => Promise<unknown>)();
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('system:get-locales', undefined);
  });

  it('freezes the API object', async () => {
    expect(Object.isFrozen(await loadExposedApi())).toBe(true);
  });
});

describe('preload onLockRequested', () => {
  const channel = apiEvents.lockRequested.channel;

  it('calls the listener, without the IPC event, when main sends the lock request', async () => {
    const api = await loadExposedApi();
    const listener = vi.fn();
    (api.onLockRequested as (listener: () => void) => () => void)(listener);
    ipcEvents().emit(channel, { sender: 'ipc event object' }, 'extra');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([]);
  });

  it('does not call the listener for other channels', async () => {
    const api = await loadExposedApi();
    const listener = vi.fn();
    (api.onLockRequested as (listener: () => void) => () => void)(listener);
    ipcEvents().emit('vault:lock', {});
    ipcEvents().emit('system:get-locales', {});
    expect(listener).not.toHaveBeenCalled();
  });

  it('unsubscribes exactly the listener it registered', async () => {
    const api = await loadExposedApi();
    const subscribe = api.onLockRequested as (listener: () => void) => () => void;
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = subscribe(first);
    subscribe(second);
    expect(ipcEvents().listenerCount(channel)).toBe(2);

    unsubscribeFirst();
    unsubscribeFirst();
    ipcEvents().emit(channel, {});
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(ipcEvents().listenerCount(channel)).toBe(1);
  });

  it('refuses something that is not a function', async () => {
    const api = await loadExposedApi();
    const subscribe = api.onLockRequested as (listener: unknown) => () => void;
    expect(() => subscribe('vault:lock')).toThrow(TypeError);
    expect(ipcEvents().listenerCount(channel)).toBe(0);
  });
});

describe('preload onEvidenceProgress', () => {
  const channel = apiEvents.evidenceProgress.channel;
  const progress = { jobId: 'Ab_-0123456789xyzQ', bytesDone: 10, bytesTotal: 100 };
  type Subscribe = (listener: (progress: unknown) => void) => () => void;

  it('hands the listener the payload as a plain object, never the IPC event', async () => {
    const api = await loadExposedApi();
    const listener = vi.fn();
    (api.onEvidenceProgress as Subscribe)(listener);
    const ipcEvent = { sender: 'ipc event object', ports: [] };
    ipcEvents().emit(channel, ipcEvent, { ...progress, extra: 'dropped' });
    expect(listener).toHaveBeenCalledExactlyOnceWith(progress);
    expect(Object.getPrototypeOf(listener.mock.calls[0]?.[0])).toBe(Object.prototype);
  });

  it.each([[undefined], [null], ['10%'], [{ ...progress, bytesDone: '10' }], [{ jobId: 1 }]])(
    'drops a malformed payload %j',
    async (payload) => {
      const api = await loadExposedApi();
      const listener = vi.fn();
      (api.onEvidenceProgress as Subscribe)(listener);
      ipcEvents().emit(channel, {}, payload);
      expect(listener).not.toHaveBeenCalled();
    },
  );

  it('listens only on its channel and unsubscribes exactly its listener', async () => {
    const api = await loadExposedApi();
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = (api.onEvidenceProgress as Subscribe)(first);
    (api.onEvidenceProgress as Subscribe)(second);
    ipcEvents().emit(apiEvents.lockRequested.channel, {}, progress);
    stopFirst();
    ipcEvents().emit(channel, {}, progress);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('refuses something that is not a function', async () => {
    const api = await loadExposedApi();
    expect(() => (api.onEvidenceProgress as (listener: unknown) => void)({})).toThrow(TypeError);
    expect(ipcEvents().listenerCount(channel)).toBe(0);
  });
});

describe('preload onBundleProgress', () => {
  const channel = apiEvents.bundleProgress.channel;
  const progress = { jobId: 'Ab_-0123456789xyzQ', phase: 'export', bytesDone: 10, bytesTotal: 100 };
  type Subscribe = (listener: (progress: unknown) => void) => () => void;

  it('hands the listener only the declared fields', async () => {
    const api = await loadExposedApi();
    const listener = vi.fn();
    (api.onBundleProgress as Subscribe)(listener);
    ipcEvents().emit(channel, { sender: 'ipc event object' }, { ...progress, extra: 'dropped' });
    expect(listener).toHaveBeenCalledExactlyOnceWith(progress);
  });

  it.each([[null], [{ ...progress, phase: 'other' }], [{ ...progress, bytesTotal: '1' }]])(
    'drops a malformed payload %j',
    async (payload) => {
      const api = await loadExposedApi();
      const listener = vi.fn();
      (api.onBundleProgress as Subscribe)(listener);
      ipcEvents().emit(channel, {}, payload);
      ipcEvents().emit(apiEvents.evidenceProgress.channel, {}, progress);
      expect(listener).not.toHaveBeenCalled();
    },
  );
});

describe('preload registerDroppedFiles', () => {
  type Register = (files: readonly File[]) => Promise<{ sources: unknown[]; refused: string[] }>;
  const file = (name: string) => new File(['x'], name);

  it('sends the paths Electron gives for the dropped files, never the page’s own values', async () => {
    const api = await loadExposedApi();
    electron.invoke.mockResolvedValueOnce({
      sources: [{ sourceId: 'Ab_-0123456789xyzQ', name: 'марш.mp4', size: 1 }],
      refused: [],
    });
    const answer = await (api.registerDroppedFiles as Register)([file('марш.mp4')]);
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('evidence:register-dropped', {
      paths: ['/drop/марш.mp4'],
    });
    expect(answer).toEqual({
      sources: [{ sourceId: 'Ab_-0123456789xyzQ', name: 'марш.mp4', size: 1 }],
      refused: [],
    });
  });

  it('refuses by name the files that are not on disk, without asking main for them', async () => {
    const api = await loadExposedApi();
    electron.invoke.mockResolvedValueOnce({ sources: [], refused: ['folder'] });
    const answer = await (api.registerDroppedFiles as Register)([
      file('made-in-page.mp4'),
      file('folder'),
    ]);
    expect(electron.invoke).toHaveBeenCalledExactlyOnceWith('evidence:register-dropped', {
      paths: ['/drop/folder'],
    });
    expect(answer.refused).toEqual(['made-in-page.mp4', 'folder']);
  });

  it('does not call main at all when no file has a path', async () => {
    const api = await loadExposedApi();
    const answer = await (api.registerDroppedFiles as Register)([file('made-in-page-1.png')]);
    expect(answer).toEqual({ sources: [], refused: ['made-in-page-1.png'] });
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('sends a large drop in calls the contract accepts and joins the answers', async () => {
    const api = await loadExposedApi();
    electron.invoke.mockImplementation(async (_channel, input) => ({
      sources: [],
      refused: (input as { paths: string[] }).paths.slice(0, 1),
    }));
    const files = Array.from({ length: MAX_DROPPED_PATHS_PER_CALL + 5 }, (_, index) =>
      file(`${index}.jpg`),
    );
    const answer = await (api.registerDroppedFiles as Register)(files);
    expect(electron.invoke).toHaveBeenCalledTimes(2);
    const sizes = electron.invoke.mock.calls.map(
      ([, input]) => (input as { paths: string[] }).paths.length,
    );
    expect(sizes).toEqual([MAX_DROPPED_PATHS_PER_CALL, 5]);
    expect(answer.refused).toEqual(['/drop/0.jpg', `/drop/${MAX_DROPPED_PATHS_PER_CALL}.jpg`]);
  });
});

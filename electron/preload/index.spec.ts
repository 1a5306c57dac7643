import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { apiContract, apiEvents, API_METHODS } from '../../src/domain/api';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (channel: string, _input?: unknown) => ({ from: channel })),
  // A real emitter stands in for ipcRenderer's listener registry.
  ipcEvents: null as EventEmitter | null,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ipcEvents = new Emitter();
  electron.ipcEvents = ipcEvents;
  return {
    contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
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
  electron.invoke.mockClear();
  electron.ipcEvents?.removeAllListeners();
});

describe('preload', () => {
  it('exposes exactly the methods and event subscriptions of the contract, all functions', async () => {
    const api = await loadExposedApi();
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onLockRequested'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or a generic invoke', async () => {
    const api = await loadExposedApi();
    for (const name of ['ipcRenderer', 'invoke', 'send', 'on'])
      expect(api).not.toHaveProperty(name);
    expect(Object.values(api)).not.toContain(electron.invoke);
  });

  it.each(API_METHODS)('%s invokes its own channel with the input', async (method) => {
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

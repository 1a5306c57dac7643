import { beforeEach, describe, expect, it, vi } from 'vitest';
import { apiContract, API_METHODS } from '../../src/domain/api';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (channel: string, _input?: unknown) => ({ from: channel })),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, send: vi.fn(), on: vi.fn() },
}));

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
});

describe('preload', () => {
  it('exposes exactly the methods of the contract, all functions', async () => {
    const api = await loadExposedApi();
    expect(Object.keys(api).sort()).toEqual([...API_METHODS].sort());
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

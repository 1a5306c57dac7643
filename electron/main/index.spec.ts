import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiContract, API_METHODS } from '../../src/domain/api';
import { CONTENT_SECURITY_POLICY } from './security';

// How the fake Electron below behaves in the current test.
const scenario = { lockAcquired: true, isPackaged: true };

interface FakeFrame {
  url: string;
  parent: null;
  processId: number;
  routingId: number;
}

interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown> };
  webContents: { id: number; mainFrame: FakeFrame };
  loadURL: ReturnType<typeof vi.fn>;
  isDestroyed(): boolean;
}

type Listener = (...args: unknown[]) => unknown;

/** A fresh fake of the parts of Electron the main entry uses. */
function makeFakeElectron() {
  const Emitter = EventEmitter;
  const windows: FakeWindow[] = [];
  const defaultSession = {
    permissionRequestHandler: undefined as Listener | undefined,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
    on: vi.fn(),
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: scenario.isPackaged,
    requestSingleInstanceLock: vi.fn(() => scenario.lockAcquired),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(async () => undefined),
    getPreferredSystemLanguages: vi.fn(() => ['ky-KG']),
    getPath: vi.fn(() => '/home/monitor/Documents'),
  });
  const BrowserWindow = vi.fn(function FakeBrowserWindow(options: FakeWindow['options']) {
    const window = Object.assign(new Emitter(), {
      options,
      webContents: {
        id: 11,
        mainFrame: { url: 'app://depter/index.html', parent: null, processId: 5, routingId: 1 },
      },
      loadURL: vi.fn(async () => undefined),
      show: vi.fn(),
      isDestroyed: () => false,
    });
    windows.push(window as unknown as FakeWindow);
    return window;
  });
  return {
    app,
    BrowserWindow,
    windows,
    ipcMain: { handle: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession },
    shell: { openExternal: vi.fn(async () => undefined) },
    dialog: { showSaveDialog: vi.fn() },
  };
}

interface FakeElectron {
  app: EventEmitter & {
    quit: ReturnType<typeof vi.fn>;
    enableSandbox: ReturnType<typeof vi.fn>;
    whenReady: ReturnType<typeof vi.fn>;
  };
  BrowserWindow: ReturnType<typeof vi.fn>;
  windows: FakeWindow[];
  ipcMain: { handle: ReturnType<typeof vi.fn> };
  protocol: {
    registerSchemesAsPrivileged: ReturnType<typeof vi.fn>;
    handle: ReturnType<typeof vi.fn>;
  };
  session: { defaultSession: { permissionRequestHandler?: Listener } };
  shell: { openExternal: ReturnType<typeof vi.fn> };
}

/** Loads the main entry against a fresh fake Electron and waits for startup. */
async function startMain(): Promise<FakeElectron> {
  vi.resetModules();
  const fake = makeFakeElectron();
  vi.doMock('electron', () => fake);
  // The cast names the parts of the fake the tests read.
  const electron = fake as unknown as FakeElectron;
  await import('./index');
  if (scenario.lockAcquired) await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  return electron;
}

const savedRendererUrl = process.env.ELECTRON_RENDERER_URL;

beforeEach(() => {
  scenario.lockAcquired = true;
  scenario.isPackaged = true;
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(() => {
  if (savedRendererUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else process.env.ELECTRON_RENDERER_URL = savedRendererUrl;
});

describe('main entry', () => {
  it('quits at once when another instance holds the lock', async () => {
    scenario.lockAcquired = false;
    const electron = await startMain();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.ipcMain.handle).not.toHaveBeenCalled();
    expect(electron.BrowserWindow).not.toHaveBeenCalled();
  });

  it('registers the app scheme and enables the sandbox before ready', async () => {
    const electron = await startMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    const [registerOrder] = electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder;
    const [readyOrder] = electron.app.whenReady.mock.invocationCallOrder;
    expect(registerOrder).toBeLessThan(readyOrder ?? 0);
  });

  it('serves the renderer on app:// with the CSP once ready', async () => {
    const electron = await startMain();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electron.protocol.handle.mock.calls[0]?.[1] as (
      request: Request,
    ) => Promise<Response>;
    const response = await handler(new Request('app://depter/does-not-exist.js'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('loads the packaged renderer in a window without devtools', async () => {
    const electron = await startMain();
    const [window] = electron.windows;
    expect(window?.loadURL).toHaveBeenCalledWith('app://depter/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      devTools: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String(window?.options.webPreferences.preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('loads the dev server with devtools in an unpackaged run', async () => {
    scenario.isPackaged = false;
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const electron = await startMain();
    const [window] = electron.windows;
    expect(window?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(window?.options.webPreferences.devTools).toBe(true);
  });

  it('ignores the dev server URL in a packaged app', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const electron = await startMain();
    expect(electron.windows[0]?.loadURL).toHaveBeenCalledWith('app://depter/index.html');
  });

  it('denies permissions on the default session', async () => {
    const electron = await startMain();
    const callback = vi.fn();
    electron.session.defaultSession.permissionRequestHandler?.({}, 'geolocation', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('answers every contract channel for the app window, and only for it', async () => {
    const electron = await startMain();
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel as string);
    expect(channels.sort()).toEqual(API_METHODS.map((m) => apiContract[m].channel).sort());

    const window = electron.windows[0];
    const listener = electron.ipcMain.handle.mock.calls.find(
      ([channel]) => channel === 'system:get-locales',
    )?.[1] as Listener;
    const fromApp = { sender: { id: 11 }, senderFrame: window?.webContents.mainFrame };
    await expect(listener(fromApp, undefined)).resolves.toEqual(['ky-KG']);
    const fromElsewhere = { sender: { id: 12 }, senderFrame: window?.webContents.mainFrame };
    await expect(listener(fromElsewhere, undefined)).rejects.toThrow(/FORBIDDEN_SENDER/);
  });

  it('sends only allow-listed https links from window.open to the system browser', async () => {
    const electron = await startMain();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = Object.assign(new EventEmitter(), {
      session: electron.session.defaultSession,
      setWindowOpenHandler: (handler: typeof openHandler) => {
        openHandler = handler;
      },
    });
    electron.app.emit('web-contents-created', {}, contents);

    expect(openHandler?.({ url: 'https://www.ohchr.org/en' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.ohchr.org/en');
    for (const url of ['https://evil.test/', 'http://www.ohchr.org/', 'file:///etc/passwd']) {
      expect(openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('quits when the last window closes', async () => {
    const electron = await startMain();
    electron.app.quit.mockClear();
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalled();
  });
});

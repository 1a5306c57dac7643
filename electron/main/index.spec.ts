import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiContract, apiEvents, API_METHODS } from '../../src/domain/api';
import { generateVaultKeys } from '../services/vault/key-file';
import { FORCED_LOCK_DELAY_MS } from './auto-lock';
import { CONTENT_SECURITY_POLICY } from './security';

// How the fake Electron below behaves in the current test.
const DEFAULT_DATA_DIR = '/home/monitor/.config/Depter';
const scenario = { lockAcquired: true, isPackaged: true, userData: DEFAULT_DATA_DIR };
const AGE_KEYS = generateVaultKeys();

interface FakeFrame {
  url: string;
  parent: null;
  processId: number;
  routingId: number;
}

interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown> };
  webContents: EventEmitter & {
    id: number;
    mainFrame: FakeFrame;
    send: ReturnType<typeof vi.fn>;
    reload: ReturnType<typeof vi.fn>;
  };
  loadURL: ReturnType<typeof vi.fn>;
  isDestroyed(): boolean;
}

type Listener = (...args: unknown[]) => unknown;

/** Stands in for VaultService: keys in memory, a wipe that runs the given database step. */
class FakeVaultService {
  static instances: FakeVaultService[] = [];
  private held: {
    deviceId: string;
    recordsKey: Buffer;
    ageRecipient: string;
    ageIdentity: string;
  } | null = null;
  readonly lock = vi.fn(() => {
    this.held = null;
  });

  constructor(readonly options: { dataDir: string; deleteDatabase?: () => Promise<void> }) {
    FakeVaultService.instances.push(this);
  }

  unlockForTest() {
    this.held = {
      deviceId: 'device-1',
      recordsKey: Buffer.alloc(32, 7),
      ageRecipient: AGE_KEYS.ageRecipient,
      ageIdentity: AGE_KEYS.ageIdentity,
    };
  }

  keys() {
    return this.held;
  }

  async status() {
    return {
      state: this.held ? 'unlocked' : 'locked',
      failedAttempts: 0,
      retryAfterMs: 0,
      settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    };
  }

  async wipe(options: { deleteDatabase(): Promise<void> }) {
    this.held = null;
    await options.deleteDatabase();
    return { keyFileDestroyed: true, failedSteps: [] };
  }
}

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
    clearStorageData: vi.fn(async (_options: unknown) => undefined),
  };
  const app = Object.assign(new Emitter(), {
    isPackaged: scenario.isPackaged,
    requestSingleInstanceLock: vi.fn(() => scenario.lockAcquired),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(async () => undefined),
    getPreferredSystemLanguages: vi.fn(() => ['ky-KG']),
    getPath: vi.fn((name: string) =>
      name === 'userData' ? scenario.userData : '/home/monitor/Documents',
    ),
  });
  const BrowserWindow = vi.fn(function FakeBrowserWindow(options: FakeWindow['options']) {
    const window = Object.assign(new Emitter(), {
      options,
      webContents: Object.assign(new Emitter(), {
        id: 11,
        mainFrame: { url: 'app://depter/index.html', parent: null, processId: 5, routingId: 1 },
        isDestroyed: () => false,
        send: vi.fn((..._args: unknown[]) => undefined),
        reload: vi.fn(),
      }),
      loadURL: vi.fn(async () => undefined),
      show: vi.fn(),
      isDestroyed: () => false,
      close: vi.fn(),
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
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
    powerMonitor: Object.assign(new Emitter(), { getSystemIdleTime: vi.fn(() => 0) }),
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
  session: {
    defaultSession: {
      permissionRequestHandler?: Listener;
      clearStorageData: ReturnType<typeof vi.fn>;
    };
  };
  shell: { openExternal: ReturnType<typeof vi.fn> };
  powerMonitor: EventEmitter;
}

/** Loads the main entry against a fresh fake Electron and waits for startup. */
async function startMain(): Promise<FakeElectron> {
  vi.resetModules();
  const fake = makeFakeElectron();
  vi.doMock('electron', () => fake);
  vi.doMock('../services/vault/vault-service', () => ({
    VaultService: FakeVaultService,
    EVIDENCE_FOLDER_NAME: 'evidence',
    EXCHANGE_WORK_FOLDER_NAME: 'exchange-work',
  }));
  FakeVaultService.instances.length = 0;
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
  scenario.userData = DEFAULT_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(() => {
  vi.useRealTimers();
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

  it('registers the app and evidence schemes and enables the sandbox before ready', async () => {
    const electron = await startMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      expect.objectContaining({ scheme: 'app' }),
      expect.objectContaining({ scheme: 'depter-evidence' }),
    ]);
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

describe('main entry: vault', () => {
  function theVault(): FakeVaultService {
    const [vault] = FakeVaultService.instances;
    if (!vault || FakeVaultService.instances.length !== 1) throw new Error('expected one vault');
    return vault;
  }

  function callFromApp(electron: FakeElectron, channel: string, input: unknown) {
    const listener = electron.ipcMain.handle.mock.calls.find(([name]) => name === channel)?.[1] as
      Listener | undefined;
    if (!listener) throw new Error(`no handler for ${channel}`);
    const window = electron.windows[0];
    return listener({ sender: { id: 11 }, senderFrame: window?.webContents.mainFrame }, input);
  }

  it('keeps the vault in the data folder', async () => {
    await startMain();
    expect(theVault().options.dataDir).toBe('/home/monitor/.config/Depter');
  });

  it('wipes the IndexedDB through the default session, also after too many failures', async () => {
    const electron = await startMain();
    await expect(callFromApp(electron, 'vault:wipe', { confirm: 'WIPE' })).resolves.toEqual({
      keyFileDestroyed: true,
      failedSteps: [],
    });
    expect(electron.session.defaultSession.clearStorageData).toHaveBeenCalledExactlyOnceWith({
      storages: ['indexdb'],
    });
    await theVault().options.deleteDatabase?.();
    expect(electron.session.defaultSession.clearStorageData).toHaveBeenCalledTimes(2);
  });

  it('answers the vault status over IPC', async () => {
    const electron = await startMain();
    await expect(callFromApp(electron, 'vault:status', undefined)).resolves.toMatchObject({
      state: 'locked',
    });
  });

  it('asks the window to lock on suspend and reloads it if it does not', async () => {
    vi.useFakeTimers();
    const electron = await startMain();
    const vault = theVault();
    vault.unlockForTest();
    electron.powerMonitor.emit('suspend');
    const contents = electron.windows[0]?.webContents;
    expect(contents?.send).toHaveBeenCalledExactlyOnceWith(apiEvents.lockRequested.channel);
    await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS);
    expect(vault.lock).toHaveBeenCalled();
    expect(vault.keys()).toBeNull();
    expect(contents?.reload).toHaveBeenCalledTimes(1);
  });

  it('closing the window while unlocked asks the renderer to save and lock first', async () => {
    vi.useFakeTimers();
    const electron = await startMain();
    const vault = theVault();
    vault.unlockForTest();
    const window = electron.windows[0] as unknown as EventEmitter & {
      close: ReturnType<typeof vi.fn>;
      webContents: { send: ReturnType<typeof vi.fn> };
    };
    const preventDefault = vi.fn();
    window.emit('close', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(
      apiEvents.lockRequested.channel,
    );
    expect(window.close).not.toHaveBeenCalled();
    vault.lock();
    await vi.advanceTimersByTimeAsync(100);
    expect(window.close).toHaveBeenCalledTimes(1);
  });

  it('forgets the keys when the renderer crashes or reloads', async () => {
    const electron = await startMain();
    const vault = theVault();
    const contents = electron.windows[0]?.webContents;
    vault.unlockForTest();
    contents?.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(vault.keys()).toBeNull();

    vault.unlockForTest();
    contents?.emit('did-start-navigation', {
      url: 'app://depter/index.html',
      isMainFrame: true,
      isSameDocument: false,
    });
    expect(vault.keys()).toBeNull();
  });

  it('forgets the keys when the window closes', async () => {
    const electron = await startMain();
    const vault = theVault();
    vault.unlockForTest();
    electron.windows[0]?.emit('closed');
    expect(vault.keys()).toBeNull();
  });

  it('stops the auto-lock and forgets the keys on quit', async () => {
    const electron = await startMain();
    const vault = theVault();
    vault.unlockForTest();
    electron.app.emit('will-quit');
    expect(vault.keys()).toBeNull();
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(0);
    expect(electron.powerMonitor.listenerCount('lock-screen')).toBe(0);
  });
});

describe('main entry: evidence', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'depter-main-'));
    scenario.userData = dataDir;
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function theVault(): FakeVaultService {
    const [vault] = FakeVaultService.instances;
    if (!vault) throw new Error('expected a vault');
    return vault;
  }

  function callFromApp(electron: FakeElectron, channel: string, input: unknown) {
    const listener = electron.ipcMain.handle.mock.calls.find(([name]) => name === channel)?.[1] as
      Listener | undefined;
    if (!listener) throw new Error(`no handler for ${channel}`);
    const window = electron.windows[0];
    return listener({ sender: { id: 11 }, senderFrame: window?.webContents.mainFrame }, input);
  }

  async function droppedSource(electron: FakeElectron, name: string, bytes: Buffer) {
    const path = join(dataDir, name);
    await writeFile(path, bytes);
    const answer = (await callFromApp(electron, 'evidence:register-dropped', {
      paths: [path],
    })) as { sources: Array<{ sourceId: string }> };
    const [source] = answer.sources;
    if (!source) throw new Error('not registered');
    return source.sourceId;
  }

  it('serves the evidence scheme once ready: an unknown token is a 404 that nothing sniffs', async () => {
    const electron = await startMain();
    const handler = electron.protocol.handle.mock.calls.find(
      ([scheme]) => scheme === 'depter-evidence',
    )?.[1] as ((request: Request) => Promise<Response>) | undefined;
    if (!handler) throw new Error('no evidence handler');
    const response = await handler(new Request(`depter-evidence://media/${'t'.repeat(43)}`));
    expect(response.status).toBe(404);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('removes temporary files left by a crash before the window opens', async () => {
    const incoming = join(dataDir, 'evidence', 'incoming');
    await mkdir(incoming, { recursive: true });
    await writeFile(join(incoming, '.depter-tmp-0123456789ab'), 'half an attach');
    await startMain();
    expect(await readdir(incoming)).toEqual([]);
  });

  it('sends attach progress to the window on the contract channel', async () => {
    const electron = await startMain();
    theVault().unlockForTest();
    const bytes = Buffer.alloc(300_000, 7);
    const sourceId = await droppedSource(electron, 'video.mp4', bytes);
    await expect(callFromApp(electron, 'evidence:attach', { sourceId })).resolves.toMatchObject({
      ok: true,
      file: { size: bytes.length, originalName: 'video.mp4' },
    });
    const sent = electron.windows[0]?.webContents.send.mock.calls ?? [];
    expect(sent.at(-1)).toEqual([
      apiEvents.evidenceProgress.channel,
      { jobId: sourceId, bytesDone: bytes.length, bytesTotal: bytes.length },
    ]);
  });

  it.each([
    ['the window closes', (electron: FakeElectron) => electron.windows[0]?.emit('closed')],
    [
      'the renderer crashes',
      (electron: FakeElectron) =>
        electron.windows[0]?.webContents.emit('render-process-gone', {}, { reason: 'crashed' }),
    ],
    ['the app quits', (electron: FakeElectron) => electron.app.emit('will-quit')],
    [
      'the lock button is pressed',
      (electron: FakeElectron) => void callFromApp(electron, 'vault:lock', undefined),
    ],
  ])('ends the evidence session when %s: playback URLs stop working', async (_label, lock) => {
    const electron = await startMain();
    const vault = theVault();
    vault.unlockForTest();
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1000, 3)]);
    const sourceId = await droppedSource(electron, 'photo.png', png);
    const attached = (await callFromApp(electron, 'evidence:attach', { sourceId })) as {
      file: { sha256: string };
    };
    const opened = (await callFromApp(electron, 'evidence:open', {
      sha256: attached.file.sha256,
    })) as { url: string };
    const serve = electron.protocol.handle.mock.calls.find(
      ([scheme]) => scheme === 'depter-evidence',
    )?.[1] as (request: Request) => Promise<Response>;
    expect((await serve(new Request(opened.url))).status).toBe(200);

    lock(electron);
    expect(vault.keys()).toBeNull();
    // Keys again (a new session): the old URL must not come back to life.
    vault.unlockForTest();
    expect((await serve(new Request(opened.url))).status).toBe(404);
  });

  it('forgets chosen files at a lock', async () => {
    const electron = await startMain();
    const vault = theVault();
    vault.unlockForTest();
    const sourceId = await droppedSource(electron, 'a.mp4', Buffer.alloc(10, 1));
    await callFromApp(electron, 'vault:lock', undefined);
    vault.unlockForTest();
    await expect(callFromApp(electron, 'evidence:attach', { sourceId })).resolves.toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
  });
});

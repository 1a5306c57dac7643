import { beforeEach, describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => ({
  windows: [] as Array<{
    options: Record<string, unknown>;
    once: ReturnType<typeof vi.fn>;
    show: ReturnType<typeof vi.fn>;
    loadURL: ReturnType<typeof vi.fn>;
  }>,
}));

vi.mock('electron', () => ({
  BrowserWindow: vi.fn(function FakeBrowserWindow(
    this: Record<string, unknown>,
    options: Record<string, unknown>,
  ) {
    const window = {
      options,
      once: vi.fn(),
      show: vi.fn(),
      loadURL: vi.fn(async () => undefined),
    };
    created.windows.push(window);
    return window;
  }),
}));

const { createMainWindow, mainWindowWebPreferences } = await import('./window');

beforeEach(() => {
  created.windows.length = 0;
});

describe('mainWindowWebPreferences', () => {
  const preferences = mainWindowWebPreferences({
    preloadPath: '/app/out/preload/index.cjs',
    devToolsEnabled: false,
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webviewTag', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['spellcheck', false],
    ['devTools', false],
  ] as const)('sets %s to %s', (name, value) => {
    expect(preferences[name]).toBe(value);
  });

  it('uses the CommonJS preload bundle', () => {
    expect(preferences.preload).toBe('/app/out/preload/index.cjs');
  });

  it('enables devtools only when asked (development)', () => {
    expect(mainWindowWebPreferences({ preloadPath: 'p', devToolsEnabled: true }).devTools).toBe(
      true,
    );
  });
});

describe('createMainWindow', () => {
  it('creates a hidden window with a minimum size and background, shown when ready', () => {
    createMainWindow({
      preloadPath: '/p.cjs',
      devToolsEnabled: false,
      startUrl: 'app://depter/index.html',
    });
    const [window] = created.windows;
    expect(window?.options).toMatchObject({
      show: false,
      minWidth: expect.any(Number),
      minHeight: expect.any(Number),
      backgroundColor: expect.stringMatching(/^#[0-9a-f]{6}$/),
      webPreferences: { sandbox: true, contextIsolation: true, devTools: false },
    });
    expect(window?.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));
    expect(window?.show).not.toHaveBeenCalled();
    const onReady = window?.once.mock.calls[0]?.[1] as () => void;
    onReady();
    expect(window?.show).toHaveBeenCalled();
    expect(window?.loadURL).toHaveBeenCalledWith('app://depter/index.html');
  });
});

import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { apiContract, API_METHODS, type ApiHandlers } from '../../src/domain/api';
import { APP_ORIGIN, createOriginCheck } from './app-origin';
import { createSenderCheck, registerApiIpc } from './ipc';

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const listeners = new Map<string, InvokeListener>();
  return {
    listeners,
    handle: vi.fn((channel: string, listener: InvokeListener) => {
      listeners.set(channel, listener);
    }),
  };
}

/** A well-formed public identity, as getPublicIdentity answers. */
const PUBLIC_IDENTITY = {
  deviceId: 'device-1',
  ageRecipient: 'age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef',
  signingPublicKey: `${'A'.repeat(43)}=`,
  fingerprint: '04211 93877 00512 61420 18733 55902',
};

const LOCKED = {
  state: 'locked' as const,
  failedAttempts: 0,
  retryAfterMs: 0,
  settings: { idleLockMinutes: 10, wipeAfterFailures: null },
};

function spyHandlers() {
  return {
    getSystemLocales: vi.fn(async () => ['ky-KG']),
    openExternal: vi.fn(async () => ({ opened: true })),
    saveTextFile: vi.fn(async () => ({ saved: true })),
    copyText: vi.fn(async () => ({ copied: true })),
    vaultStatus: vi.fn(async () => LOCKED),
    createVault: vi.fn(async () => ({
      ok: false as const,
      error: 'VAULT_EXISTS' as const,
      status: LOCKED,
    })),
    unlockVault: vi.fn(async () => ({
      ok: false as const,
      error: 'WRONG_PASSPHRASE' as const,
      status: { ...LOCKED, failedAttempts: 1 },
    })),
    lockVault: vi.fn(async () => ({ locked: true as const })),
    changePassphrase: vi.fn(async () => ({ ok: true as const })),
    setVaultSettings: vi.fn(async () => LOCKED),
    wipeVault: vi.fn(async () => ({ keyFileDestroyed: true, failedSteps: [] })),
    chooseEvidenceFiles: vi.fn(async () => ({ sources: [] })),
    registerDroppedFiles: vi.fn(async () => ({ sources: [], refused: [] })),
    attachEvidence: vi.fn(async () => ({ ok: false as const, error: 'UNKNOWN_SOURCE' as const })),
    cancelEvidenceAttach: vi.fn(async () => ({ cancelled: false })),
    commitEvidence: vi.fn(async () => ({ committed: true })),
    reconcileEvidence: vi.fn(async () => ({ missing: [], removedUncommitted: 0 })),
    openEvidence: vi.fn(async () => ({ ok: false as const, error: 'MISSING' as const })),
    verifyEvidence: vi.fn(async () => ({ ok: true as const })),
    saveEvidenceCopy: vi.fn(async () => ({ ok: true as const, saved: false })),
    discardEvidence: vi.fn(async () => ({ deleted: false })),
    getPublicIdentity: vi.fn(async () => PUBLIC_IDENTITY),
    openTextFile: vi.fn(async () => ({ opened: false as const })),
    chooseBundleTarget: vi.fn(async () => ({ target: null })),
    exportBundle: vi.fn(async () => ({ ok: false as const, error: 'CANCELLED' as const })),
    cancelBundleJob: vi.fn(async () => ({ cancelled: false })),
    chooseBundleSource: vi.fn(async () => ({ source: null })),
    openBundleForImport: vi.fn(async () => ({
      ok: false as const,
      error: 'NOT_A_BUNDLE' as const,
    })),
    finishBundleImport: vi.fn(async () => ({ ok: true as const, committed: 0, discarded: 0 })),
  } satisfies ApiHandlers;
}

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
}

function fakeWindow(url = 'app://depter/index.html') {
  const mainFrame: FakeFrame = { url, parent: null, processId: 7, routingId: 1 };
  return { isDestroyed: () => false, webContents: { id: 3, mainFrame } };
}

function eventFrom(
  window: ReturnType<typeof fakeWindow>,
  frame: FakeFrame | null,
  senderId = window.webContents.id,
) {
  // Only the members the sender check reads are present.
  return { sender: { id: senderId }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

function setUp() {
  const ipcMain = fakeIpcMain();
  const handlers = spyHandlers();
  const window = fakeWindow();
  const isTrustedSender = createSenderCheck(
    () => window as unknown as BrowserWindow,
    createOriginCheck([APP_ORIGIN]),
  );
  registerApiIpc(ipcMain as unknown as Pick<IpcMain, 'handle'>, handlers, isTrustedSender);
  const call = (channel: string, event: IpcMainInvokeEvent, input: unknown) => {
    const listener = ipcMain.listeners.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener(event, input);
  };
  return { ipcMain, handlers, window, call };
}

describe('registerApiIpc', () => {
  it('registers one handler per contract channel and nothing else', () => {
    const { ipcMain } = setUp();
    expect([...ipcMain.listeners.keys()].sort()).toEqual(
      API_METHODS.map((method) => apiContract[method].channel).sort(),
    );
  });

  it('dispatches a valid call from the app window to the handler', async () => {
    const { handlers, window, call } = setUp();
    const result = await call(
      'shell:open-external',
      eventFrom(window, window.webContents.mainFrame),
      { url: 'https://uwazi.io/' },
    );
    expect(result).toEqual({ opened: true });
    expect(handlers.openExternal).toHaveBeenCalledWith({ url: 'https://uwazi.io/' });
  });

  it('rejects an invalid payload without calling the handler', async () => {
    const { handlers, window, call } = setUp();
    await expect(
      call('files:save-text', eventFrom(window, window.webContents.mainFrame), {
        suggestedName: '/etc/passwd',
        content: 'x',
      }),
    ).rejects.toThrow(/^INVALID_PAYLOAD/);
    expect(handlers.saveTextFile).not.toHaveBeenCalled();
  });

  it('rejects a non-string passphrase before the unlock handler runs', async () => {
    const { handlers, window, call } = setUp();
    await expect(
      call('vault:unlock', eventFrom(window, window.webContents.mainFrame), { passphrase: 1234 }),
    ).rejects.toThrow(/^INVALID_PAYLOAD/);
    expect(handlers.unlockVault).not.toHaveBeenCalled();
  });

  it.each([undefined, {}, { confirm: 'yes' }])(
    'rejects a wipe without the WIPE confirmation (%j) before the handler runs',
    async (input) => {
      const { handlers, window, call } = setUp();
      await expect(
        call('vault:wipe', eventFrom(window, window.webContents.mainFrame), input),
      ).rejects.toThrow(/^INVALID_PAYLOAD/);
      expect(handlers.wipeVault).not.toHaveBeenCalled();
    },
  );

  it('runs a confirmed wipe from the app window', async () => {
    const { handlers, window, call } = setUp();
    await expect(
      call('vault:wipe', eventFrom(window, window.webContents.mainFrame), { confirm: 'WIPE' }),
    ).resolves.toEqual({ keyFileDestroyed: true, failedSteps: [] });
    expect(handlers.wipeVault).toHaveBeenCalledWith({ confirm: 'WIPE' });
  });

  it('refuses a drop registration from a subframe before any path is looked at', async () => {
    const { handlers, window, call } = setUp();
    const subframe = { ...window.webContents.mainFrame, parent: window.webContents.mainFrame };
    await expect(
      call('evidence:register-dropped', eventFrom(window, subframe), { paths: ['/etc/passwd'] }),
    ).rejects.toThrow(/^FORBIDDEN_SENDER/);
    expect(handlers.registerDroppedFiles).not.toHaveBeenCalled();
  });

  it('rejects an attach naming a path instead of a source id', async () => {
    const { handlers, window, call } = setUp();
    await expect(
      call('evidence:attach', eventFrom(window, window.webContents.mainFrame), {
        sourceId: '/home/monitor/.ssh/id_ed25519',
      }),
    ).rejects.toThrow(/^INVALID_PAYLOAD/);
    expect(handlers.attachEvidence).not.toHaveBeenCalled();
  });

  it('refuses an unlock from a subframe', async () => {
    const { handlers, window, call } = setUp();
    const subframe = {
      url: 'app://depter/index.html',
      parent: window.webContents.mainFrame,
      processId: 7,
      routingId: 2,
    };
    await expect(
      call('vault:unlock', eventFrom(window, subframe), { passphrase: 'guess' }),
    ).rejects.toThrow(/^FORBIDDEN_SENDER/);
    expect(handlers.unlockVault).not.toHaveBeenCalled();
  });

  describe('rejects a foreign sender without calling the handler', () => {
    const cases: Array<[string, (window: ReturnType<typeof fakeWindow>) => IpcMainInvokeEvent]> = [
      ['no frame', (window) => eventFrom(window, null)],
      ['another web contents', (window) => eventFrom(window, window.webContents.mainFrame, 99)],
      [
        'a subframe',
        (window) =>
          eventFrom(window, {
            url: 'app://depter/index.html',
            parent: window.webContents.mainFrame,
            processId: 7,
            routingId: 2,
          }),
      ],
      [
        'a frame that is not the main frame',
        (window) =>
          eventFrom(window, {
            url: 'app://depter/index.html',
            parent: null,
            processId: 8,
            routingId: 1,
          }),
      ],
      [
        'the main frame showing a foreign page',
        (window) =>
          eventFrom(window, { ...window.webContents.mainFrame, url: 'https://evil.test/' }),
      ],
    ];

    it.each(cases)('%s', async (_label, makeEvent) => {
      const { handlers, window, call } = setUp();
      await expect(call('system:get-locales', makeEvent(window), undefined)).rejects.toThrow(
        /^FORBIDDEN_SENDER/,
      );
      expect(handlers.getSystemLocales).not.toHaveBeenCalled();
    });
  });

  it('rejects calls once the window is gone', async () => {
    const ipcMain = fakeIpcMain();
    const handlers = spyHandlers();
    const window = fakeWindow();
    registerApiIpc(
      ipcMain as unknown as Pick<IpcMain, 'handle'>,
      handlers,
      createSenderCheck(() => null, createOriginCheck([APP_ORIGIN])),
    );
    const listener = ipcMain.listeners.get('system:get-locales');
    await expect(
      listener?.(eventFrom(window, window.webContents.mainFrame), undefined),
    ).rejects.toThrow(/^FORBIDDEN_SENDER/);
    expect(handlers.getSystemLocales).not.toHaveBeenCalled();
  });
});

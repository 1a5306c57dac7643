import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, type VaultStatus } from '../../src/domain/api';
import { dispatch } from './api-dispatch';
import {
  createApiHandlers,
  type ApiHandlerDeps,
  type VaultLike,
  type VaultSessionKeys,
} from './api-handlers';
import { createEvidenceHandlers } from './evidence/evidence-handlers';
import { PlaybackTokens } from './evidence/evidence-protocol';
import { EvidenceStore } from './evidence/evidence-store';
import { createExchangeHandlers } from './exchange/exchange-handlers';
import { generateVaultKeys } from './vault/key-file';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-handlers-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const RECORDS_KEY = Buffer.from(Array.from({ length: 32 }, (_, index) => index * 7 + 1));
const DEVICE_ID = '01938a5e-7c00-7000-8000-000000000001';
const AGE_KEYS = generateVaultKeys();

function statusOf(state: VaultStatus['state'], failedAttempts = 0): VaultStatus {
  return {
    state,
    failedAttempts,
    retryAfterMs: failedAttempts >= 3 ? 2000 : 0,
    settings: { idleLockMinutes: 10, wipeAfterFailures: null },
  };
}

/** An in-memory vault with one right passphrase, enough to see how results are mapped. */
function fakeVault(rightPassphrase = 'long enough passphrase') {
  let unlockedKeys: VaultSessionKeys | null = null;
  let failedAttempts = 0;
  const keys = (): VaultSessionKeys => ({
    deviceId: DEVICE_ID,
    recordsKey: Buffer.from(RECORDS_KEY),
    ageRecipient: AGE_KEYS.ageRecipient,
    ageIdentity: AGE_KEYS.ageIdentity,
    signingSeed: Buffer.from(AGE_KEYS.signingSeed),
    signingPublicKey: Buffer.from(AGE_KEYS.signingPublicKey),
  });
  return {
    status: vi.fn(async () => statusOf(unlockedKeys ? 'unlocked' : 'locked', failedAttempts)),
    create: vi.fn(async (_passphrase: string) => ({
      ok: false as const,
      error: 'VAULT_EXISTS' as const,
      status: statusOf('locked'),
    })),
    unlock: vi.fn(async (passphrase: string) => {
      if (passphrase !== rightPassphrase) {
        failedAttempts += 1;
        // A careless service might attach more than the contract allows.
        return Object.assign(
          {
            ok: false as const,
            error: 'WRONG_PASSPHRASE' as const,
            status: statusOf('locked', failedAttempts),
          },
          { keys: keys() },
        );
      }
      failedAttempts = 0;
      unlockedKeys = keys();
      return { ok: true as const, keys: unlockedKeys };
    }),
    keys: vi.fn(() => unlockedKeys),
    lock: vi.fn(() => {
      unlockedKeys = null;
    }),
    changePassphrase: vi.fn(async (current: string, _next: string) =>
      current === rightPassphrase
        ? { ok: true as const }
        : { ok: false as const, error: 'WRONG_PASSPHRASE' as const, status: statusOf('unlocked') },
    ),
    setSettings: vi.fn(async (settings: VaultStatus['settings']) => ({
      ...statusOf('locked'),
      settings,
    })),
    wipe: vi.fn(async (options: { deleteDatabase(): Promise<void> }) => {
      unlockedKeys = null;
      await options.deleteDatabase();
      return { keyFileDestroyed: true, failedSteps: ['evidence'] };
    }),
  } satisfies VaultLike;
}

function fakeDeps(overrides: Partial<ApiHandlerDeps> = {}) {
  const vault = overrides.vault ?? fakeVault();
  const chooseSavePath = vi.fn(async (_name: string): Promise<string | null> => null);
  // The real evidence handlers on a real store: only the dialogs are fakes.
  const evidence = createEvidenceHandlers({
    store: new EvidenceStore({ directory: join(directory, 'evidence') }),
    vault,
    chooseOpenPaths: async () => [],
    chooseSavePath,
    emitProgress: () => undefined,
    playbackUrls: new PlaybackTokens(),
  });
  // The real exchange handlers on the same store and vault.
  const exchange = createExchangeHandlers({
    vault,
    store: new EvidenceStore({ directory: join(directory, 'evidence') }),
    chooseOpenPaths: async () => [],
    chooseSavePath: async () => null,
    emitProgress: () => undefined,
    workDir: join(directory, 'exchange-work'),
  });
  return {
    getSystemLocales: vi.fn(() => ['ru-KG', 'ky-KG', 'en-US']),
    openExternal: vi.fn(async (_url: string) => undefined),
    chooseSavePath,
    writeClipboardText: vi.fn((_text: string) => undefined),
    vault,
    deleteDatabase: vi.fn(async () => undefined),
    evidence: evidence.handlers,
    exchange: exchange.handlers,
    ...overrides,
  };
}

describe('createApiHandlers', () => {
  it('implements every method of the contract', () => {
    const handlers = createApiHandlers(fakeDeps());
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers the evidence methods with the evidence handlers, on the same vault', async () => {
    const deps = fakeDeps();
    const handlers = createApiHandlers(deps);
    const sourceId = 'unknown-source-0001';
    await expect(dispatch(handlers, 'attachEvidence', { sourceId })).resolves.toEqual({
      ok: false,
      error: 'LOCKED',
    });
    await handlers.unlockVault({ passphrase: 'long enough passphrase' });
    await expect(dispatch(handlers, 'attachEvidence', { sourceId })).resolves.toEqual({
      ok: false,
      error: 'UNKNOWN_SOURCE',
    });
    await expect(dispatch(handlers, 'reconcileEvidence', { keep: [] })).resolves.toEqual({
      missing: [],
      removedUncommitted: 0,
    });
  });

  describe('getSystemLocales', () => {
    it('returns the OS languages in order', async () => {
      const handlers = createApiHandlers(fakeDeps());
      expect(await handlers.getSystemLocales(undefined)).toEqual(['ru-KG', 'ky-KG', 'en-US']);
    });

    it('drops empty and over-long tags and caps the list', async () => {
      const many = Array.from({ length: 80 }, (_, index) => `x-${index}`);
      const handlers = createApiHandlers(
        fakeDeps({ getSystemLocales: () => ['', 'a'.repeat(36), 'ky', ...many] }),
      );
      const locales = await handlers.getSystemLocales(undefined);
      expect(locales[0]).toBe('ky');
      expect(locales).toHaveLength(50);
    });
  });

  describe('openExternal', () => {
    it('opens an allow-listed https link', async () => {
      const deps = fakeDeps();
      const handlers = createApiHandlers(deps);
      expect(await handlers.openExternal({ url: 'https://www.ohchr.org/en' })).toEqual({
        opened: true,
      });
      expect(deps.openExternal).toHaveBeenCalledWith('https://www.ohchr.org/en');
    });

    it.each(['http://www.ohchr.org/', 'https://evil.test/', 'https://a:b@uwazi.io/', 'file:///'])(
      'refuses %s without calling the OS',
      async (url) => {
        const deps = fakeDeps();
        const handlers = createApiHandlers(deps);
        expect(await handlers.openExternal({ url })).toEqual({ opened: false });
        expect(deps.openExternal).not.toHaveBeenCalled();
      },
    );

    it('reports opened: false when the OS fails to open the link', async () => {
      const handlers = createApiHandlers(
        fakeDeps({ openExternal: async () => Promise.reject(new Error('no browser')) }),
      );
      expect(await handlers.openExternal({ url: 'https://uwazi.io/' })).toEqual({
        opened: false,
      });
    });
  });

  describe('copyText', () => {
    it('puts the text on the clipboard', async () => {
      const deps = fakeDeps();
      const result = await createApiHandlers(deps).copyText({ text: 'age1…' });
      expect(result).toEqual({ copied: true });
      expect(deps.writeClipboardText).toHaveBeenCalledExactlyOnceWith('age1…');
    });

    it('answers copied: false when the clipboard refuses', async () => {
      const handlers = createApiHandlers(
        fakeDeps({
          writeClipboardText: () => {
            throw new Error('clipboard unavailable');
          },
        }),
      );
      expect(await handlers.copyText({ text: 'age1…' })).toEqual({ copied: false });
    });
  });

  describe('saveTextFile', () => {
    it('writes nothing when the user cancels', async () => {
      const deps = fakeDeps();
      const handlers = createApiHandlers(deps);
      const result = await handlers.saveTextFile({ suggestedName: 'a.json', content: '{}' });
      expect(result).toEqual({ saved: false });
      expect(deps.chooseSavePath).toHaveBeenCalledWith('a.json');
      expect(await readdir(directory)).toEqual([]);
    });

    it('writes the content to the chosen path', async () => {
      const target = join(directory, 'damaged-record.json');
      const handlers = createApiHandlers(fakeDeps({ chooseSavePath: async () => target }));
      const content = '{"title":"Бишкек, 18-март"}';
      const result = await handlers.saveTextFile({ suggestedName: 'record.json', content });
      expect(result).toEqual({ saved: true });
      expect(await readFile(target, 'utf8')).toBe(content);
    });

    it('rejects when the file cannot be written', async () => {
      const target = join(directory, 'no-such-folder', 'x.json');
      const handlers = createApiHandlers(fakeDeps({ chooseSavePath: async () => target }));
      await expect(handlers.saveTextFile({ suggestedName: 'x.json', content: '' })).rejects.toThrow(
        /ENOENT/,
      );
    });
  });

  describe('vault', () => {
    it('reports the service status', async () => {
      const handlers = createApiHandlers(fakeDeps());
      expect(await handlers.vaultStatus(undefined)).toEqual(statusOf('locked'));
    });

    it('answers an unlock with the device id and the records key in base64, nothing more', async () => {
      const handlers = createApiHandlers(fakeDeps());
      const answer = await handlers.unlockVault({ passphrase: 'long enough passphrase' });
      expect(answer).toEqual({
        ok: true,
        session: { deviceId: DEVICE_ID, recordsKey: RECORDS_KEY.toString('base64') },
      });
      // The answer passes the contract's output schema as it leaves main.
      const deps = fakeDeps();
      await expect(
        dispatch(createApiHandlers(deps), 'unlockVault', { passphrase: 'long enough passphrase' }),
      ).resolves.toMatchObject({ ok: true });
    });

    it('maps a refused unlock to the error and status, without any key', async () => {
      const deps = fakeDeps();
      const handlers = createApiHandlers(deps);
      const answer = await handlers.unlockVault({ passphrase: 'wrong' });
      expect(answer).toEqual({
        ok: false,
        error: 'WRONG_PASSPHRASE',
        status: statusOf('locked', 1),
      });
      expect(JSON.stringify(answer)).not.toContain(RECORDS_KEY.toString('base64'));
      expect(deps.vault.unlock).toHaveBeenCalledWith('wrong');
    });

    it('passes createVault through and maps its refusal', async () => {
      const deps = fakeDeps();
      const handlers = createApiHandlers(deps);
      expect(await handlers.createVault({ passphrase: 'another long passphrase' })).toEqual({
        ok: false,
        error: 'VAULT_EXISTS',
        status: statusOf('locked'),
      });
      expect(deps.vault.create).toHaveBeenCalledWith('another long passphrase');
    });

    it('answers a created vault with its session', async () => {
      const vault = fakeVault();
      vault.create.mockImplementationOnce(
        async () =>
          Object.assign(
            { ok: true as const, keys: { deviceId: DEVICE_ID, recordsKey: RECORDS_KEY } },
            { signingSeed: Buffer.alloc(32, 9) },
          ) as unknown as Awaited<ReturnType<typeof vault.create>>,
      );
      const answer = await createApiHandlers(fakeDeps({ vault })).createVault({
        passphrase: 'another long passphrase',
      });
      expect(answer).toEqual({
        ok: true,
        session: { deviceId: DEVICE_ID, recordsKey: RECORDS_KEY.toString('base64') },
      });
    });

    it('locks the service', async () => {
      const deps = fakeDeps();
      const handlers = createApiHandlers(deps);
      await handlers.unlockVault({ passphrase: 'long enough passphrase' });
      expect(await handlers.lockVault(undefined)).toEqual({ locked: true });
      expect(deps.vault.lock).toHaveBeenCalledTimes(1);
      expect(deps.vault.keys()).toBeNull();
    });

    it('changes the passphrase only while unlocked', async () => {
      const deps = fakeDeps();
      const handlers = createApiHandlers(deps);
      await expect(
        handlers.changePassphrase({ current: 'long enough passphrase', next: 'a new long one' }),
      ).rejects.toThrow(/^VAULT_LOCKED/);
      expect(deps.vault.changePassphrase).not.toHaveBeenCalled();

      await handlers.unlockVault({ passphrase: 'long enough passphrase' });
      expect(
        await handlers.changePassphrase({
          current: 'long enough passphrase',
          next: 'a new long one',
        }),
      ).toEqual({ ok: true });
      expect(deps.vault.changePassphrase).toHaveBeenCalledWith(
        'long enough passphrase',
        'a new long one',
      );
      expect(await handlers.changePassphrase({ current: 'wrong', next: 'x' })).toEqual({
        ok: false,
        error: 'WRONG_PASSPHRASE',
        status: statusOf('unlocked'),
      });
    });

    it('stores settings and returns the new status', async () => {
      const deps = fakeDeps();
      const settings = { idleLockMinutes: 3, wipeAfterFailures: 10 };
      const status = await createApiHandlers(deps).setVaultSettings(settings);
      expect(status.settings).toEqual(settings);
      expect(deps.vault.setSettings).toHaveBeenCalledWith(settings);
    });

    it('wipes through the service, which deletes the database with the given function', async () => {
      const deps = fakeDeps();
      const result = await createApiHandlers(deps).wipeVault({ confirm: 'WIPE' });
      expect(result).toEqual({ keyFileDestroyed: true, failedSteps: ['evidence'] });
      expect(deps.vault.wipe).toHaveBeenCalledTimes(1);
      expect(deps.deleteDatabase).toHaveBeenCalledTimes(1);
    });
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers, ApiOutput, VaultSettings, VaultStatus } from '../../src/domain/api';
import { ApiDispatchError, dispatch } from './api-dispatch';

/** A well-formed public identity, as getPublicIdentity answers. */
const PUBLIC_IDENTITY = {
  deviceId: 'device-1',
  ageRecipient: 'age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef',
  signingPublicKey: `${'A'.repeat(43)}=`,
  fingerprint: '04211 93877 00512 61420 18733 55902',
};

const LOCKED: VaultStatus = {
  state: 'locked',
  failedAttempts: 0,
  retryAfterMs: 0,
  settings: { idleLockMinutes: 10, wipeAfterFailures: null },
};
const SESSION = {
  deviceId: '01938a5e-7c00-7000-8000-000000000001',
  recordsKey: Buffer.alloc(32, 1).toString('base64'),
};

function spyHandlers() {
  return {
    getSystemLocales: vi.fn(async (): Promise<string[]> => ['ky-KG']),
    openExternal: vi.fn(async (_input: { url: string }) => ({ opened: true })),
    saveTextFile: vi.fn(async (_input: { suggestedName: string; content: string }) => ({
      saved: true,
    })),
    copyText: vi.fn(async (_input: { text: string }) => ({ copied: true })),
    vaultStatus: vi.fn(async (): Promise<VaultStatus> => LOCKED),
    createVault: vi.fn(
      async (_input: { passphrase: string }): Promise<ApiOutput<'createVault'>> => ({
        ok: true,
        session: SESSION,
      }),
    ),
    unlockVault: vi.fn(
      async (_input: { passphrase: string }): Promise<ApiOutput<'unlockVault'>> => ({
        ok: true,
        session: SESSION,
      }),
    ),
    lockVault: vi.fn(async () => ({ locked: true as const })),
    changePassphrase: vi.fn(
      async (_input: {
        current: string;
        next: string;
      }): Promise<ApiOutput<'changePassphrase'>> => ({
        ok: true,
      }),
    ),
    setVaultSettings: vi.fn(async (settings: VaultSettings) => ({ ...LOCKED, settings })),
    wipeVault: vi.fn(async (_input: { confirm: 'WIPE' }) => ({
      keyFileDestroyed: true,
      failedSteps: [] as string[],
    })),
    chooseEvidenceFiles: vi.fn(async () => ({ sources: [] })),
    registerDroppedFiles: vi.fn(async (_input: { paths: string[] }) => ({
      sources: [],
      refused: [] as string[],
    })),
    attachEvidence: vi.fn(
      async (_input: { sourceId: string }): Promise<ApiOutput<'attachEvidence'>> => ({
        ok: false,
        error: 'CANCELLED',
      }),
    ),
    cancelEvidenceAttach: vi.fn(async (_input: { sourceId: string }) => ({ cancelled: true })),
    commitEvidence: vi.fn(async (_input: { sha256: string }) => ({ committed: true })),
    reconcileEvidence: vi.fn(async (_input: { keep: string[] }) => ({
      missing: [] as string[],
      removedUncommitted: 0,
    })),
    openEvidence: vi.fn(async (_input: { sha256: string }): Promise<ApiOutput<'openEvidence'>> => ({
      ok: true,
      url: `depter-evidence://media/${'t'.repeat(43)}`,
      mime: 'video/mp4',
      kind: 'video',
      size: 1000,
    })),
    verifyEvidence: vi.fn(
      async (_input: { sha256: string; jobId: string }): Promise<ApiOutput<'verifyEvidence'>> => ({
        ok: true,
      }),
    ),
    saveEvidenceCopy: vi.fn(
      async (_input: {
        sha256: string;
        jobId: string;
        suggestedName: string;
      }): Promise<ApiOutput<'saveEvidenceCopy'>> => ({ ok: true, saved: true }),
    ),
    discardEvidence: vi.fn(async (_input: { sha256: string }) => ({ deleted: true })),
    getPublicIdentity: vi.fn(async () => PUBLIC_IDENTITY),
    openTextFile: vi.fn(async () => ({ opened: false as const })),
    chooseBundleTarget: vi.fn(async (_input: { suggestedName: string }) => ({ target: null })),
    exportBundle: vi.fn(async (_input: unknown): Promise<ApiOutput<'exportBundle'>> => ({
      ok: false,
      error: 'CANCELLED',
    })),
    cancelBundleJob: vi.fn(async (_input: { jobId: string }) => ({ cancelled: false })),
    chooseBundleSource: vi.fn(async () => ({ source: null })),
    openBundleForImport: vi.fn(
      async (_input: unknown): Promise<ApiOutput<'openBundleForImport'>> => ({
        ok: false,
        error: 'NOT_A_BUNDLE',
      }),
    ),
    finishBundleImport: vi.fn(
      async (_input: unknown): Promise<ApiOutput<'finishBundleImport'>> => ({
        ok: true,
        committed: 0,
        discarded: 0,
      }),
    ),
  } satisfies ApiHandlers;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiDispatchError) return error.code;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('dispatch', () => {
  it('runs a valid call and returns the handler result', async () => {
    const handlers = spyHandlers();
    const input = { url: 'https://uwazi.io/' };
    expect(await dispatch(handlers, 'openExternal', input)).toEqual({ opened: true });
    expect(handlers.openExternal).toHaveBeenCalledWith(input);
  });

  it('accepts a method without input', async () => {
    const handlers = spyHandlers();
    expect(await dispatch(handlers, 'getSystemLocales', undefined)).toEqual(['ky-KG']);
  });

  it.each(['deleteEverything', 'toString', '__proto__', 'constructor', ''])(
    'rejects the unknown method %j',
    async (method) => {
      const handlers = spyHandlers();
      expect(await codeOf(dispatch(handlers, method, undefined))).toBe('UNKNOWN_METHOD');
    },
  );

  it.each([
    ['openExternal', undefined],
    ['openExternal', { url: 42 }],
    ['openExternal', { url: 'https://x.test/' + 'a'.repeat(2048) }],
    ['openExternal', 'https://uwazi.io/'],
    ['saveTextFile', { suggestedName: '../../.bashrc', content: 'x' }],
    ['saveTextFile', { suggestedName: 'C:\\evil.txt', content: 'x' }],
    ['saveTextFile', { suggestedName: '', content: 'x' }],
    ['saveTextFile', { suggestedName: 'ok.json' }],
    ['copyText', { text: '' }],
    ['copyText', { text: 'x'.repeat(8 * 1024 + 1) }],
    ['copyText', 'age1…'],
    ['getSystemLocales', { anything: true }],
    ['unlockVault', { passphrase: 1234 }],
    ['unlockVault', undefined],
    ['unlockVault', { passphrase: 'x'.repeat(1025) }],
    ['createVault', { passphrase: null }],
    ['changePassphrase', { current: 'old passphrase' }],
    ['changePassphrase', { current: 'old passphrase', next: ['new'] }],
    ['setVaultSettings', { idleLockMinutes: 0, wipeAfterFailures: null }],
    ['setVaultSettings', { idleLockMinutes: 10, wipeAfterFailures: 1 }],
    ['setVaultSettings', { idleLockMinutes: 2.5, wipeAfterFailures: null }],
    ['setVaultSettings', { idleLockMinutes: 10 }],
    ['wipeVault', undefined],
    ['wipeVault', {}],
    ['wipeVault', { confirm: 'wipe' }],
    ['wipeVault', { confirm: true }],
    ['lockVault', { now: true }],
    ['vaultStatus', 'status'],
    ['chooseEvidenceFiles', { paths: ['/etc/passwd'] }],
    ['registerDroppedFiles', { paths: [] }],
    ['registerDroppedFiles', { paths: [''] }],
    ['registerDroppedFiles', { paths: Array.from({ length: 1001 }, () => '/a') }],
    ['registerDroppedFiles', { paths: '/etc/passwd' }],
    ['attachEvidence', { sourceId: '../../etc/passwd' }],
    ['attachEvidence', { sourceId: 'short' }],
    ['attachEvidence', { path: '/home/monitor/video.mp4' }],
    ['cancelEvidenceAttach', undefined],
    ['commitEvidence', { sha256: 'A'.repeat(64) }],
    ['commitEvidence', { sha256: 'a'.repeat(63) }],
    ['reconcileEvidence', { keep: ['not-a-hash'] }],
    ['openEvidence', { sha256: '../' + 'a'.repeat(61) }],
    ['verifyEvidence', { sha256: 'a'.repeat(64) }],
    [
      'saveEvidenceCopy',
      { sha256: 'a'.repeat(64), jobId: 'job-0000000000001', suggestedName: '../x' },
    ],
    ['saveEvidenceCopy', { sha256: 'a'.repeat(64), jobId: 'job-0000000000001', suggestedName: '' }],
    ['discardEvidence', { sha256: null }],
  ])('rejects an invalid %s payload %j without calling the handler', async (method, input) => {
    const handlers = spyHandlers();
    expect(await codeOf(dispatch(handlers, method, input))).toBe('INVALID_PAYLOAD');
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('puts the code at the start of the message, which is all IPC carries', async () => {
    await expect(dispatch(spyHandlers(), 'openExternal', null)).rejects.toThrow(
      /^INVALID_PAYLOAD: openExternal: /,
    );
  });

  it('does not echo the rejected content in the error', async () => {
    const secret = 'Имя свидетеля';
    await expect(
      dispatch(spyHandlers(), 'saveTextFile', { suggestedName: `${secret}/x`, content: 'y' }),
    ).rejects.not.toThrow(secret);
  });

  it('rejects a handler result that breaks the output schema', async () => {
    const handlers = spyHandlers();
    handlers.openExternal.mockResolvedValueOnce({ opened: 'yes' } as unknown as {
      opened: boolean;
    });
    expect(await codeOf(dispatch(handlers, 'openExternal', { url: 'https://uwazi.io/' }))).toBe(
      'INVALID_RESULT',
    );
  });

  it('passes handler failures through unchanged', async () => {
    const handlers = spyHandlers();
    handlers.saveTextFile.mockRejectedValueOnce(new Error('ENOSPC: disk full'));
    await expect(
      dispatch(handlers, 'saveTextFile', { suggestedName: 'a.json', content: '{}' }),
    ).rejects.toThrow('ENOSPC: disk full');
  });

  it.each([
    ['unlockVault', { passphrase: 'жети суз бир кылым' }],
    ['createVault', { passphrase: '' }],
    ['changePassphrase', { current: 'a', next: 'b' }],
    ['setVaultSettings', { idleLockMinutes: 240, wipeAfterFailures: 100 }],
    ['wipeVault', { confirm: 'WIPE' }],
    ['lockVault', undefined],
    ['vaultStatus', undefined],
    ['chooseEvidenceFiles', undefined],
    ['registerDroppedFiles', { paths: ['/home/monitor/марш.mp4'] }],
    ['attachEvidence', { sourceId: 'Ab_-0123456789xyzQ' }],
    ['cancelEvidenceAttach', { sourceId: 'Ab_-0123456789xyzQ' }],
    ['commitEvidence', { sha256: 'a'.repeat(64) }],
    ['reconcileEvidence', { keep: ['a'.repeat(64), 'b'.repeat(64)] }],
    ['openEvidence', { sha256: 'a'.repeat(64) }],
    ['verifyEvidence', { sha256: 'a'.repeat(64), jobId: 'job-0000000000001' }],
    [
      'saveEvidenceCopy',
      { sha256: 'a'.repeat(64), jobId: 'job-0000000000001', suggestedName: 'марш.mp4' },
    ],
    ['discardEvidence', { sha256: 'a'.repeat(64) }],
  ])('accepts a valid %s payload %j', async (method, input) => {
    const handlers = spyHandlers();
    await dispatch(handlers, method, input);
    expect(handlers[method as keyof typeof handlers]).toHaveBeenCalledTimes(1);
  });

  it('does not echo a rejected passphrase in the error', async () => {
    const passphrase = 'Ала-Тоо 1916 '.repeat(100);
    await expect(dispatch(spyHandlers(), 'unlockVault', { passphrase })).rejects.not.toThrow(
      'Ала-Тоо',
    );
  });

  it.each([
    ['an error code outside the contract', { ok: false, error: 'EACCES' }],
    [
      'a URL longer than the contract allows',
      { ok: true, url: 'x'.repeat(201), mime: 'video/mp4', kind: 'video', size: 1 },
    ],
    [
      'a kind the app does not play',
      { ok: true, url: 'u', mime: 'application/pdf', kind: 'document', size: 1 },
    ],
  ])('rejects an openEvidence answer with %s', async (_label, answer) => {
    const handlers = spyHandlers();
    handlers.openEvidence.mockResolvedValueOnce(answer as ApiOutput<'openEvidence'>);
    expect(await codeOf(dispatch(handlers, 'openEvidence', { sha256: 'a'.repeat(64) }))).toBe(
      'INVALID_RESULT',
    );
  });

  it('rejects a session whose records key is not 32 bytes of base64', async () => {
    const handlers = spyHandlers();
    handlers.unlockVault.mockResolvedValueOnce({
      ok: true,
      session: { ...SESSION, recordsKey: Buffer.alloc(16, 1).toString('base64') },
    });
    expect(await codeOf(dispatch(handlers, 'unlockVault', { passphrase: 'p' }))).toBe(
      'INVALID_RESULT',
    );
  });
});

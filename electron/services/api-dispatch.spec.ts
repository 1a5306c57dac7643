import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../src/domain/api';
import { ApiDispatchError, dispatch } from './api-dispatch';

function spyHandlers() {
  return {
    getSystemLocales: vi.fn(async (): Promise<string[]> => ['ky-KG']),
    openExternal: vi.fn(async (_input: { url: string }) => ({ opened: true })),
    saveTextFile: vi.fn(async (_input: { suggestedName: string; content: string }) => ({
      saved: true,
    })),
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
    ['getSystemLocales', { anything: true }],
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
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../src/domain/api';
import { createApiHandlers, type ApiHandlerDeps } from './api-handlers';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-handlers-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function fakeDeps(overrides: Partial<ApiHandlerDeps> = {}) {
  return {
    getSystemLocales: vi.fn(() => ['ru-KG', 'ky-KG', 'en-US']),
    openExternal: vi.fn(async (_url: string) => undefined),
    chooseSavePath: vi.fn(async (_name: string): Promise<string | null> => null),
    ...overrides,
  };
}

describe('createApiHandlers', () => {
  it('implements every method of the contract', () => {
    const handlers = createApiHandlers(fakeDeps());
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
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
});

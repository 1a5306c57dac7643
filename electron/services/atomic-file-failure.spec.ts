import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Failures a real disk produces only rarely (fsync or rename failing after
// the data was written) are injected into the fs module the writer uses.
const injected = vi.hoisted(() => ({ failRename: false, failSync: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      if (injected.failRename) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
      return real.rename(from, to);
    },
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      if (!injected.failSync) return handle;
      return new Proxy(handle, {
        get(target, property, receiver) {
          if (property === 'sync') {
            return async () => {
              throw Object.assign(new Error('EIO: injected sync'), { code: 'EIO' });
            };
          }
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
});

const { writeFileAtomic } = await import('./atomic-file');

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-atomic-fail-'));
  injected.failRename = false;
  injected.failSync = false;
});

afterEach(async () => {
  injected.failRename = false;
  injected.failSync = false;
  await rm(directory, { recursive: true, force: true });
});

describe('writeFileAtomic under injected failures', () => {
  it('keeps the old file and removes the temp file when rename fails', async () => {
    const target = join(directory, 'incident.json');
    await writeFile(target, 'old complete content');
    injected.failRename = true;

    await expect(writeFileAtomic(target, 'new content')).rejects.toThrow(/injected/);

    expect(await readFile(target, 'utf8')).toBe('old complete content');
    expect(await readdir(directory)).toEqual(['incident.json']);
  });

  it('keeps the old file and removes the temp file when fsync fails', async () => {
    const target = join(directory, 'incident.json');
    await writeFile(target, 'old complete content');
    injected.failSync = true;

    await expect(writeFileAtomic(target, 'new content')).rejects.toThrow(/injected sync/);

    expect(await readFile(target, 'utf8')).toBe('old complete content');
    expect(await readdir(directory)).toEqual(['incident.json']);
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-atomic-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates a new file with the given text', async () => {
    const target = join(directory, 'record.json');
    await writeFileAtomic(target, '{"title":"Марш 18 марта"}');
    expect(await readFile(target, 'utf8')).toBe('{"title":"Марш 18 марта"}');
    expect(await readdir(directory)).toEqual(['record.json']);
  });

  it('replaces an existing file completely', async () => {
    const target = join(directory, 'record.json');
    await writeFile(target, 'a much longer old content that must not survive');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(directory)).toEqual(['record.json']);
  });

  it('writes binary data byte for byte', async () => {
    const target = join(directory, 'blob.bin');
    const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => index % 251);
    await writeFileAtomic(target, bytes);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
  });

  it('makes new files readable by the owner only by default', async () => {
    if (process.platform === 'win32') return;
    const target = join(directory, 'keys.age');
    await writeFileAtomic(target, 'secret');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves nothing behind when the rename fails (target is a directory)', async () => {
    const target = join(directory, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep me');

    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();

    expect(await readdir(directory)).toEqual(['occupied']);
    expect(await readFile(join(target, 'inside.txt'), 'utf8')).toBe('keep me');
  });

  it('fails cleanly when the directory does not exist', async () => {
    const target = join(directory, 'missing', 'file.txt');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow(/ENOENT/);
    expect(await readdir(directory)).toEqual([]);
  });

  it('keeps concurrent writers of one target from corrupting each other', async () => {
    const target = join(directory, 'race.txt');
    const contents = Array.from({ length: 20 }, (_, index) => `writer ${index} `.repeat(500));
    await Promise.all(contents.map((content) => writeFileAtomic(target, content)));
    expect(contents).toContain(await readFile(target, 'utf8'));
    expect(await readdir(directory)).toEqual(['race.txt']);
  });
});

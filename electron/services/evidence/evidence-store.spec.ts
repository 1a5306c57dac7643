import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatIdentityFile } from '../age';
import { assertReferenceAgeInstalled, runAge } from '../age/reference-age-cli.testing';
import { storedFileName, TEMP_FILE_PREFIX } from './evidence-layout';
import { EvidenceStore } from './evidence-store';
import { EvidenceError, type ByteProgress, type EvidenceKeys } from './evidence-store-types';
import {
  committedPathOf,
  fakeMp4,
  incomingPathOf,
  listStore,
  makeEvidenceKeys,
  sha256Of,
  TempFolders,
  writeSource,
} from './evidence-test-support.testing';

const folders = new TempFolders();
afterEach(() => folders.removeAll());
beforeAll(() => assertReferenceAgeInstalled());

async function setUp(workersFromBytes?: number) {
  const root = await folders.make();
  const directory = join(root, 'evidence');
  const sources = join(root, 'sources');
  await mkdir(sources);
  const store = new EvidenceStore({ directory, workersFromBytes });
  return { root, directory, sources, store, keys: makeEvidenceKeys() };
}

/** Content as a bundle's evidence entry arrives: an async stream. */
async function* streamOf(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy(
    (error) => error instanceof EvidenceError && error.code === code,
  );
}

// 1 MiB is exactly one read block: its last chunk is full and still the final one.
const SIZES = [0, 1, 65_535, 65_536, 65_537, 1024 * 1024, 3 * 1024 * 1024 + 7];

describe.each([
  ['hashed and sealed on the main thread', Number.POSITIVE_INFINITY],
  ['hashed and sealed in worker threads', 0],
])('attach, %s', (_name, workersFromBytes) => {
  it.each(SIZES)(
    '%i bytes: byte-exact through openReader, saveCopy and Debian age -d -i',
    async (size) => {
      const { root, directory, sources, store, keys } = await setUp(workersFromBytes);
      const plaintext = randomBytes(size);
      const source = await writeSource(sources, 'clip.bin', plaintext);
      const progress: ByteProgress[] = [];

      const facts = await store.attach(source, keys, { onProgress: (p) => progress.push(p) });

      expect(facts.sha256).toBe(sha256Of(plaintext));
      expect(facts.size).toBe(size);
      expect(facts.alreadyStored).toBe(false);
      expect(facts.modifiedAt).toBe((await stat(source)).mtime.toISOString());
      expect(progress.at(-1)).toEqual({ bytesDone: size, bytesTotal: size });
      const stored = incomingPathOf(directory, keys, facts.sha256);
      expect(await listStore(directory)).toEqual([
        `incoming/${storedFileName(keys.namingKey, facts.sha256)}`,
      ]);
      expect((await stat(stored)).mode & 0o777).toBe(0o600);

      const reader = await store.openReader(facts.sha256, keys);
      expect(reader.size).toBe(size);
      expect((await reader.read(0, size)).equals(plaintext)).toBe(true);
      await reader.close();

      const copy = join(root, 'copy.bin');
      await store.saveCopy(facts.sha256, keys, copy);
      expect((await readFile(copy)).equals(plaintext)).toBe(true);
      expect((await stat(copy)).mode & 0o777).toBe(0o600);

      const identityFile = join(root, 'identity.txt');
      await writeFile(identityFile, formatIdentityFile(keys.ageIdentity));
      expect(runAge(['-d', '-i', identityFile, stored]).equals(plaintext)).toBe(true);
    },
  );
});

describe('attach', () => {
  it('hashes and seals a multi-MB file in the workers the same as on the main thread', async () => {
    const { sources, store, keys } = await setUp(1024 * 1024);
    const plaintext = randomBytes(9 * 1024 * 1024 + 5);
    const facts = await store.attach(await writeSource(sources, 'big', plaintext), keys);
    expect(facts.sha256).toBe(sha256Of(plaintext));
    expect(await store.verify(facts.sha256, keys)).toBeNull();
  });

  it('names the type from the content, not the file name', async () => {
    const { sources, store, keys } = await setUp();
    const video = await store.attach(
      await writeSource(sources, 'notes.txt', fakeMp4(70_000)),
      keys,
    );
    expect(video.mime).toBe('video/mp4');
    const text = await store.attach(
      await writeSource(sources, 'protest.mp4', Buffer.from('Ала-Тоо аянты, 12:40\n')),
      keys,
    );
    expect(text.mime).toBe('text/plain');
    const reader = await store.openReader(video.sha256, keys);
    expect(reader.mime).toBe('video/mp4');
    await reader.close();
  });

  it('stores the same content once, whatever the file is called', async () => {
    const { directory, sources, store, keys } = await setUp();
    const plaintext = randomBytes(200_000);
    const first = await store.attach(await writeSource(sources, 'a.mp4', plaintext), keys);
    const second = await store.attach(await writeSource(sources, 'copy of a.mp4', plaintext), keys);
    expect(second).toMatchObject({ sha256: first.sha256, alreadyStored: true });
    expect(await listStore(directory)).toHaveLength(1);

    expect(await store.commit(first.sha256, keys)).toBe(true);
    const third = await store.attach(await writeSource(sources, 'again.mp4', plaintext), keys);
    expect(third.alreadyStored).toBe(true);
    expect(await listStore(directory)).toEqual([storedFileName(keys.namingKey, first.sha256)]);
  });

  it('names stored files so that the folder does not reveal the content hash', async () => {
    const { directory, sources, store, keys } = await setUp();
    const plaintext = randomBytes(1000);
    const facts = await store.attach(await writeSource(sources, 'x', plaintext), keys);
    const [name] = await listStore(directory);
    expect(name).not.toContain(facts.sha256);
    // The same content under another install's naming key gets another name.
    expect(storedFileName(makeEvidenceKeys().namingKey, facts.sha256)).not.toBe(
      storedFileName(keys.namingKey, facts.sha256),
    );
  });

  it('cancelled part-way: CANCELLED and no file at all', async () => {
    const { directory, sources, store, keys } = await setUp(0);
    const source = await writeSource(sources, 'long.mp4', randomBytes(24 * 1024 * 1024));
    const controller = new AbortController();
    const seen: number[] = [];
    const attaching = store.attach(source, keys, {
      signal: controller.signal,
      onProgress: ({ bytesDone }) => {
        seen.push(bytesDone);
        controller.abort();
      },
    });
    await rejectsWith(attaching, 'CANCELLED');
    expect(seen[0]).toBeLessThan(24 * 1024 * 1024);
    expect(await listStore(directory)).toEqual([]);
  });

  it('cancelled before it starts: CANCELLED, nothing created', async () => {
    const { directory, sources, store, keys } = await setUp();
    const source = await writeSource(sources, 'a', randomBytes(10));
    await rejectsWith(store.attach(source, keys, { signal: AbortSignal.abort() }), 'CANCELLED');
    expect(existsSync(directory)).toBe(false);
  });

  it.each<[string, (sources: string) => Promise<string>]>([
    ['a missing file', async (sources) => join(sources, 'gone.mp4')],
    ['a folder', async (sources) => sources],
    ['an empty path', async () => ''],
    ['a character device', async () => '/dev/zero'],
    [
      'a named pipe (would block a plain open)',
      async (sources) => {
        const path = join(sources, 'pipe');
        execFileSync('mkfifo', [path]);
        return path;
      },
    ],
  ])('refuses %s with SOURCE_UNREADABLE and writes nothing', async (_name, makePath) => {
    const { directory, sources, store, keys } = await setUp();
    await rejectsWith(store.attach(await makePath(sources), keys), 'SOURCE_UNREADABLE');
    expect(await listStore(directory)).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'refuses a file without read permission (root reads everything, so not as root)',
    async () => {
      const { directory, sources, store, keys } = await setUp();
      const source = await writeSource(sources, 'secret', randomBytes(10));
      await chmod(source, 0o000);
      await rejectsWith(store.attach(source, keys), 'SOURCE_UNREADABLE');
      expect(await listStore(directory)).toEqual([]);
    },
  );

  it('refuses a naming key of the wrong size before touching anything', async () => {
    const { directory, sources, store, keys } = await setUp();
    const source = await writeSource(sources, 'a', randomBytes(10));
    await expect(
      store.attach(source, { ...keys, namingKey: Buffer.alloc(16) }, {}),
    ).rejects.toThrow(RangeError);
    expect(existsSync(directory)).toBe(false);
  });

  it('a store folder that cannot be created: WRITE_FAILED, the source untouched', async () => {
    const { root, sources, keys } = await setUp();
    await writeFile(join(root, 'blocker'), 'a file where the folder should be');
    const store = new EvidenceStore({ directory: join(root, 'blocker', 'evidence') });
    const plaintext = randomBytes(10);
    const source = await writeSource(sources, 'a', plaintext);
    await rejectsWith(store.attach(source, keys), 'WRITE_FAILED');
    expect((await readFile(source)).equals(plaintext)).toBe(true);
  });
});

describe('commit, reconcile, discard', () => {
  async function attachMany(count: number) {
    const context = await setUp();
    const shas: string[] = [];
    for (let index = 0; index < count; index++) {
      const source = await writeSource(context.sources, `f${index}`, randomBytes(1000 + index));
      shas.push((await context.store.attach(source, context.keys)).sha256);
    }
    return { ...context, shas };
  }

  it('commit moves the file out of incoming; unknown content is not committed', async () => {
    const { directory, store, keys, shas } = await attachMany(1);
    const [sha] = shas as [string];
    expect(await store.commit(sha, keys)).toBe(true);
    expect(existsSync(committedPathOf(directory, keys, sha))).toBe(true);
    expect(existsSync(incomingPathOf(directory, keys, sha))).toBe(false);
    expect(await store.commit(sha, keys)).toBe(true);
    expect(await store.commit(sha256Of(Buffer.from('never attached')), keys)).toBe(false);
  });

  it('reconcile commits kept files, removes unkept uncommitted ones, never committed ones', async () => {
    const { directory, store, keys, shas } = await attachMany(4);
    const [committedUnkept, uncommittedKept, uncommittedUnkept, committedKept] = shas as [
      string,
      string,
      string,
      string,
    ];
    await store.commit(committedUnkept, keys);
    await store.commit(committedKept, keys);
    const neverStored = sha256Of(Buffer.from('a record whose file is gone'));
    // The reconcile after the next start (or unlock): these attaches' records are settled by then.
    store.endSession();

    const result = await store.reconcile([uncommittedKept, committedKept, neverStored], keys);

    expect(result).toEqual({ missing: [neverStored], removedUncommitted: 1 });
    expect(existsSync(incomingPathOf(directory, keys, uncommittedUnkept))).toBe(false);
    expect(await listStore(directory)).toEqual(
      [committedUnkept, uncommittedKept, committedKept]
        .map((sha) => storedFileName(keys.namingKey, sha))
        .sort(),
    );
    // Running it again changes nothing.
    expect(await store.reconcile([uncommittedKept, committedKept, neverStored], keys)).toEqual({
      missing: [neverStored],
      removedUncommitted: 0,
    });
  });

  it('reconcile leaves the files this session placed and has not committed yet: their records may be on the way', async () => {
    const { directory, store, keys, shas } = await attachMany(2);
    const [attached, committedLater] = shas as [string, string];
    const data = randomBytes(5000);
    const streamed = sha256Of(data);
    await store.attachStream(streamOf(data), { sha256: streamed, size: data.length }, keys);

    expect(await store.reconcile([], keys)).toEqual({ missing: [], removedUncommitted: 0 });
    for (const sha of [attached, committedLater, streamed]) {
      expect(existsSync(incomingPathOf(directory, keys, sha))).toBe(true);
    }
    // Committed or discarded, a file is no longer waiting; the rest waits until the lock.
    expect(await store.commit(committedLater, keys)).toBe(true);
    expect(await store.discard(streamed, keys)).toBe(true);
    expect(await store.reconcile([], keys)).toEqual({ missing: [], removedUncommitted: 0 });
    store.endSession();
    expect(await store.reconcile([], keys)).toEqual({ missing: [], removedUncommitted: 1 });
    expect(await listStore(directory)).toEqual([storedFileName(keys.namingKey, committedLater)]);
  });

  it('a stream that fails to land lets go of the name: a leftover of that content is still reconciled', async () => {
    const { directory, store, keys, shas } = await attachMany(1);
    const [leftover] = shas as [string];
    store.endSession();
    const data = randomBytes(1000);
    // Claims the leftover's content with the wrong size: refused, nothing stored.
    await rejectsWith(
      store.attachStream(streamOf(data), { sha256: leftover, size: data.length }, keys),
      'MISMATCH',
    );
    expect(await store.reconcile([], keys)).toEqual({ missing: [], removedUncommitted: 1 });
    expect(existsSync(incomingPathOf(directory, keys, leftover))).toBe(false);
  });

  it('reconcile on a store that was never used answers every kept file as missing', async () => {
    const { store, keys } = await setUp();
    const sha = sha256Of(Buffer.from('x'));
    expect(await store.reconcile([sha], keys)).toEqual({ missing: [sha], removedUncommitted: 0 });
  });

  it('discard deletes committed and uncommitted files, then answers false', async () => {
    const { directory, store, keys, shas } = await attachMany(2);
    const [committed, uncommitted] = shas as [string, string];
    await store.commit(committed, keys);
    expect(await store.discard(committed, keys)).toBe(true);
    expect(await store.discard(uncommitted, keys)).toBe(true);
    expect(await store.discard(uncommitted, keys)).toBe(false);
    expect(await listStore(directory)).toEqual([]);
    await rejectsWith(store.openReader(committed, keys), 'MISSING');
  });

  it('removeLeftovers deletes only temporary files', async () => {
    const { directory, store, keys, shas } = await attachMany(1);
    await writeFile(join(directory, 'incoming', `${TEMP_FILE_PREFIX}abc`), 'half a file');
    await writeFile(join(directory, `${TEMP_FILE_PREFIX}def`), 'half a file');
    expect(await store.removeLeftovers()).toBe(2);
    expect(await listStore(directory)).toEqual([
      `incoming/${storedFileName(keys.namingKey, shas[0]!)}`,
    ]);
    expect(await store.removeLeftovers()).toBe(0);
  });

  it('removeLeftovers on a missing store folder removes nothing', async () => {
    const { store } = await setUp();
    expect(await store.removeLeftovers()).toBe(0);
  });

  it.each([
    '',
    'ABCDEF',
    'g'.repeat(64),
    'a'.repeat(63),
    `${'a'.repeat(64)}\n`,
    '../../etc/passwd',
  ])('refuses the SHA-256 %j everywhere with a RangeError and changes nothing', async (bad) => {
    const { directory, root, store, keys, shas } = await attachMany(1);
    const before = await listStore(directory);
    await expect(store.commit(bad, keys)).rejects.toThrow(RangeError);
    await expect(store.discard(bad, keys)).rejects.toThrow(RangeError);
    await expect(store.openReader(bad, keys)).rejects.toThrow(RangeError);
    await expect(store.verify(bad, keys)).rejects.toThrow(RangeError);
    await expect(store.saveCopy(bad, keys, join(root, 'out'))).rejects.toThrow(RangeError);
    await expect(store.reconcile([shas[0]!, bad], keys)).rejects.toThrow(RangeError);
    expect(await listStore(directory)).toEqual(before);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });
});

describe('integrity', () => {
  const SIZE = 5 * 65_536 + 100;

  async function stored() {
    const context = await setUp();
    const plaintext = randomBytes(SIZE);
    const facts = await context.store.attach(
      await writeSource(context.sources, 'v', plaintext),
      context.keys,
    );
    const path = incomingPathOf(context.directory, context.keys, facts.sha256);
    return { ...context, plaintext, sha: facts.sha256, path };
  }

  async function flipByte(path: string, position: number): Promise<void> {
    const handle = await open(path, 'r+');
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    byte[0] = byte[0]! ^ 0x01;
    await handle.write(byte, 0, 1, position);
    await handle.close();
  }

  it('verify answers null for an intact file and reports progress to the end', async () => {
    const { store, keys, sha, path } = await stored();
    const progress: ByteProgress[] = [];
    expect(await store.verify(sha, keys, { onProgress: (p) => progress.push(p) })).toBeNull();
    const size = (await stat(path)).size;
    expect(progress.at(-1)).toEqual({ bytesDone: size, bytesTotal: size });
  });

  it('a flipped byte in the payload: verify DAMAGED, save copy refused, reads of that chunk refused', async () => {
    const { root, store, keys, sha, path } = await stored();
    const fileSize = (await stat(path)).size;
    // Inside the third of six chunks.
    await flipByte(path, fileSize - 3 * 65_552);
    expect(await store.verify(sha, keys)).toBe('DAMAGED');
    await rejectsWith(store.saveCopy(sha, keys, join(root, 'copy')), 'DAMAGED');
    expect((await readdir(root)).sort()).toEqual(['evidence', 'sources']);
    const reader = await store.openReader(sha, keys);
    await rejectsWith(reader.read(2 * 65_536, 3 * 65_536), 'DAMAGED');
    await reader.close();
  });

  it('a flipped byte in the header: verify DAMAGED, openReader DAMAGED', async () => {
    const { store, keys, sha, path } = await stored();
    await flipByte(path, 40);
    expect(await store.verify(sha, keys)).toBe('DAMAGED');
    await rejectsWith(store.openReader(sha, keys), 'DAMAGED');
  });

  it.each([1, 16, 65_552])(
    'truncated by %i bytes: verify DAMAGED, openReader DAMAGED',
    async (cut) => {
      const { store, keys, sha, path } = await stored();
      await truncate(path, (await stat(path)).size - cut);
      expect(await store.verify(sha, keys)).toBe('DAMAGED');
      await rejectsWith(store.openReader(sha, keys), 'DAMAGED');
    },
  );

  it('an intact file under the wrong name: verify MISMATCH (never fine), save copy refused', async () => {
    const { root, directory, store, keys, sha } = await stored();
    const other = sha256Of(Buffer.from('another file'));
    await copyFile(incomingPathOf(directory, keys, sha), incomingPathOf(directory, keys, other));
    expect(await store.verify(other, keys)).toBe('MISMATCH');
    await rejectsWith(store.saveCopy(other, keys, join(root, 'copy')), 'MISMATCH');
    expect(existsSync(join(root, 'copy'))).toBe(false);
  });

  it('a file encrypted to another device: DAMAGED, not a crash', async () => {
    const { store, keys, sha } = await stored();
    const stranger: EvidenceKeys = { ...makeEvidenceKeys(), namingKey: keys.namingKey };
    expect(await store.verify(sha, stranger)).toBe('DAMAGED');
    await rejectsWith(store.openReader(sha, stranger), 'DAMAGED');
  });

  it('verify and openReader of content never stored: MISSING', async () => {
    const { store, keys } = await setUp();
    const sha = sha256Of(Buffer.from('nothing'));
    expect(await store.verify(sha, keys)).toBe('MISSING');
    await rejectsWith(store.openReader(sha, keys), 'MISSING');
  });

  it('save copy replaces an existing target only after the hash matched', async () => {
    const { root, store, keys, sha, plaintext } = await stored();
    const target = join(root, 'copy');
    await writeFile(target, 'old content');
    await store.saveCopy(sha, keys, target);
    expect((await readFile(target)).equals(plaintext)).toBe(true);
  });

  it('save copy into a folder that does not exist: WRITE_FAILED, nothing written', async () => {
    const { root, store, keys, sha } = await stored();
    await rejectsWith(
      store.saveCopy(sha, keys, join(root, 'no-such-folder', 'copy')),
      'WRITE_FAILED',
    );
    expect(existsSync(join(root, 'no-such-folder'))).toBe(false);
  });

  it('save copy cancelled: CANCELLED and no target, no temporary file', async () => {
    const { root, store, keys, sha } = await stored();
    const out = join(root, 'out');
    await mkdir(out);
    await rejectsWith(
      store.saveCopy(sha, keys, join(out, 'copy'), { signal: AbortSignal.abort() }),
      'CANCELLED',
    );
    expect(await listStore(out)).toEqual([]);
  });
});

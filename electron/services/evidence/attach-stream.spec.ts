import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatIdentityFile } from '../age';
import { assertReferenceAgeInstalled, runAge } from '../age/reference-age-cli.testing';
import { EvidenceStore } from './evidence-store';
import { EvidenceError, type EvidenceKeys } from './evidence-store-types';
import {
  committedPathOf,
  fakeMp4,
  incomingPathOf,
  listStore,
  makeEvidenceKeys,
  sha256Of,
  TempFolders,
} from './evidence-test-support.testing';

const folders = new TempFolders();
afterEach(() => folders.removeAll());
beforeAll(() => assertReferenceAgeInstalled());

let workersFromBytes = Number.POSITIVE_INFINITY;

async function setUp() {
  const root = await folders.make();
  const directory = join(root, 'evidence');
  const store = new EvidenceStore({ directory, workersFromBytes });
  return { root, directory, store, keys: makeEvidenceKeys() };
}

/** `data` in pieces of uneven sizes, as a tar reader hands out an entry. */
async function* piecesOf(data: Buffer, pieceSize = 7_777): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += pieceSize) {
    yield data.subarray(offset, offset + pieceSize);
  }
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toSatisfy(
    (error) => error instanceof EvidenceError && error.code === code,
  );
}

/** Whether any stored byte sequence holds `marker`: plaintext must never reach the disk. */
async function storeHolds(directory: string, marker: Buffer): Promise<boolean> {
  for (const name of await listStore(directory)) {
    if ((await readFile(join(directory, name))).includes(marker)) return true;
  }
  return false;
}

async function decryptWithAge(path: string, keys: EvidenceKeys, root: string): Promise<Buffer> {
  const identityPath = join(root, 'device-key.txt');
  await writeFile(identityPath, formatIdentityFile(keys.ageIdentity));
  return runAge(['-d', '-i', identityPath, path]);
}

describe.each([
  ['on the calling thread', Number.POSITIVE_INFINITY],
  ['in worker threads', 0],
])('EvidenceStore.attachStream, hashed and sealed %s', (_label, threshold) => {
  beforeEach(() => {
    workersFromBytes = threshold;
  });

  it.each([0, 1, 65_536, 65_537, 1024 * 1024, 3 * 1024 * 1024 + 7])(
    '%i bytes: sealed as uncommitted, byte-exact through openReader and age -d, committable',
    async (size) => {
      const { root, directory, store, keys } = await setUp();
      const data = fakeMp4(size);
      const sha256 = sha256Of(data);
      const facts = await store.attachStream(piecesOf(data), { sha256, size }, keys);
      expect(facts).toMatchObject({ sha256, size, alreadyStored: false });
      if (size >= 24) expect(facts.mime).toBe('video/mp4');
      const incoming = incomingPathOf(directory, keys, sha256);
      expect(await listStore(directory)).toEqual([incoming.slice(directory.length + 1)]);
      expect((await decryptWithAge(incoming, keys, root)).equals(data)).toBe(true);
      const reader = await store.openReader(sha256, keys);
      expect((await reader.read(0, size)).equals(data)).toBe(true);
      await reader.close();
      expect(await store.commit(sha256, keys)).toBe(true);
      expect(await listStore(directory)).toEqual([
        committedPathOf(directory, keys, sha256).slice(directory.length + 1),
      ]);
    },
  );

  it('writes no plaintext: the content is nowhere in the store, not even in part', async () => {
    const { directory, store, keys } = await setUp();
    const data = Buffer.alloc(200_000, 'plaintext evidence that must stay sealed ');
    await store.attachStream(piecesOf(data), { sha256: sha256Of(data), size: data.length }, keys);
    expect(await storeHolds(directory, Buffer.from('must stay sealed'))).toBe(false);
  });

  it('reads already stored content to its end and drops it (alreadyStored)', async () => {
    const { directory, store, keys } = await setUp();
    const data = fakeMp4(100_000);
    const expected = { sha256: sha256Of(data), size: data.length };
    await store.attachStream(piecesOf(data), expected, keys);
    await store.commit(expected.sha256, keys);
    const before = await listStore(directory);
    let handedOut = 0;
    const counted = async function* () {
      for await (const piece of piecesOf(data)) {
        handedOut += piece.length;
        yield piece;
      }
    };
    const again = await store.attachStream(counted(), expected, keys);
    expect(again.alreadyStored).toBe(true);
    expect(handedOut).toBe(data.length);
    expect(await listStore(directory)).toEqual(before);
  });

  it('refuses content that does not hash to the declared SHA-256, and keeps nothing', async () => {
    const { directory, store, keys } = await setUp();
    const data = fakeMp4(70_000);
    const other = Buffer.from(data);
    other[50_000]! ^= 1;
    await rejectsWith(
      store.attachStream(piecesOf(other), { sha256: sha256Of(data), size: data.length }, keys),
      'MISMATCH',
    );
    expect(await listStore(directory)).toEqual([]);
  });

  it('refuses content longer or shorter than declared, and keeps nothing', async () => {
    const { directory, store, keys } = await setUp();
    const data = fakeMp4(70_000);
    const sha256 = sha256Of(data);
    await rejectsWith(
      store.attachStream(piecesOf(data), { sha256, size: data.length - 1 }, keys),
      'MISMATCH',
    );
    await rejectsWith(
      store.attachStream(piecesOf(data.subarray(0, 69_999)), { sha256, size: data.length }, keys),
      'MISMATCH',
    );
    expect(await listStore(directory)).toEqual([]);
  });

  it('stops on cancel and when the stream fails, keeping nothing', async () => {
    const { directory, store, keys } = await setUp();
    const data = fakeMp4(500_000);
    const expected = { sha256: sha256Of(data), size: data.length };
    const controller = new AbortController();
    const cancelling = async function* () {
      let sent = 0;
      for await (const piece of piecesOf(data)) {
        sent += piece.length;
        if (sent > 100_000) controller.abort();
        yield piece;
      }
    };
    await rejectsWith(
      store.attachStream(cancelling(), expected, keys, { signal: controller.signal }),
      'CANCELLED',
    );
    const failing = async function* () {
      yield data.subarray(0, 100_000);
      throw new Error('the bundle ended');
    };
    await expect(store.attachStream(failing(), expected, keys)).rejects.toThrow('the bundle ended');
    expect(await listStore(directory)).toEqual([]);
  });

  it('rejects a malformed SHA-256 or size before touching the disk', async () => {
    const { directory, store, keys } = await setUp();
    await expect(
      store.attachStream(piecesOf(Buffer.alloc(1)), { sha256: 'abc', size: 1 }, keys),
    ).rejects.toThrow(RangeError);
    await expect(
      store.attachStream(
        piecesOf(Buffer.alloc(1)),
        { sha256: sha256Of(Buffer.alloc(1)), size: -1 },
        keys,
      ),
    ).rejects.toThrow(RangeError);
    expect(await listStore(directory)).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HashingDecryptor } from '../age/hashing-decryptor';
import { EvidenceStore } from './evidence-store';
import type { EvidenceStream } from './evidence-store-types';
import {
  committedPathOf,
  makeEvidenceKeys,
  sha256Of,
  TempFolders,
  writeSource,
} from './evidence-test-support.testing';

/**
 * EvidenceStore.openStream, the export's reader: the stored plaintext and
 * its SHA-256 through the decrypting worker, and the store's own failure
 * codes (MISSING, DAMAGED) for what can go wrong with the file.
 */

const folders = new TempFolders();
const decryptors: HashingDecryptor[] = [];
afterEach(async () => {
  await Promise.all(decryptors.splice(0).map((decryptor) => decryptor.close()));
  await folders.removeAll();
});

async function setUp(content: Buffer) {
  const root = await folders.make();
  const directory = join(root, 'evidence');
  const store = new EvidenceStore({ directory });
  const keys = makeEvidenceKeys();
  const facts = await store.attach(await writeSource(root, 'clip.bin', content), keys);
  await store.commit(facts.sha256, keys);
  const decryptor = new HashingDecryptor();
  decryptors.push(decryptor);
  return {
    store,
    keys,
    sha256: facts.sha256,
    decryptor,
    path: committedPathOf(directory, keys, facts.sha256),
  };
}

async function drain(stream: EvidenceStream): Promise<{ bytes: Buffer; sha256: string }> {
  const blocks = stream.blocks();
  const copies: Buffer[] = [];
  for (;;) {
    const step = await blocks.next();
    if (step.done) return { bytes: Buffer.concat(copies), sha256: step.value };
    copies.push(Buffer.from(step.value));
  }
}

const rejectsWithCode = (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toMatchObject({ name: 'EvidenceError', code });

describe('EvidenceStore.openStream', () => {
  it('yields the stored plaintext and its SHA-256, then closes the file', async () => {
    const content = randomBytes(2 * 1024 * 1024 + 333);
    const { store, keys, sha256, decryptor } = await setUp(content);
    const stream = await store.openStream(sha256, keys, decryptor);
    expect(stream.size).toBe(content.length);
    const read = await drain(stream);
    expect(read.bytes.equals(content)).toBe(true);
    expect(read.sha256).toBe(sha256Of(content));
    // Closing again after the blocks closed the file is harmless.
    await stream.close();
  });

  it('says MISSING for a file the store does not have', async () => {
    const { store, keys, decryptor } = await setUp(randomBytes(10));
    await rejectsWithCode(
      store.openStream(sha256Of(Buffer.from('other')), keys, decryptor),
      'MISSING',
    );
  });

  it('says DAMAGED when the header or the final chunk does not open', async () => {
    const { store, keys, sha256, decryptor, path } = await setUp(randomBytes(200_000));
    const stored = await readFile(path);
    stored[stored.length - 3] = stored[stored.length - 3]! ^ 1;
    await writeFile(path, stored);
    await rejectsWithCode(store.openStream(sha256, keys, decryptor), 'DAMAGED');
  });

  it('says DAMAGED when a chunk in the middle fails, after the blocks before it', async () => {
    const content = randomBytes(3 * 1024 * 1024);
    const { store, keys, sha256, decryptor, path } = await setUp(content);
    const stream = await store.openStream(sha256, keys, decryptor);
    const stored = await readFile(path);
    stored[stored.length - 1024 * 1024] = stored[stored.length - 1024 * 1024]! ^ 1;
    await writeFile(path, stored);
    await rejectsWithCode(drain(stream), 'DAMAGED');
    // The file was closed by the failing read; the worker serves the next stream.
    const again = await setUp(content);
    const next = await drain(await again.store.openStream(again.sha256, again.keys, decryptor));
    expect(next.sha256).toBe(sha256Of(content));
  });

  it('closes a stream whose blocks were never read', async () => {
    const { store, keys, sha256, decryptor } = await setUp(randomBytes(1000));
    const stream = await store.openStream(sha256, keys, decryptor);
    await stream.close();
    await stream.close();
    await expect(drain(stream)).rejects.toThrow(/closed/);
  });
});

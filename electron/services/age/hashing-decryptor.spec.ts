import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encrypt } from './buffer-api';
import { isAgeError, type AgeErrorCode } from './errors';
import { HashingDecryptor } from './hashing-decryptor';
import { generateX25519Identity } from './keys';
import { openPayloadFile, type PayloadFile } from './payload-file';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE } from './stream';

/**
 * The export's decrypting worker: every byte it yields must be the stored
 * plaintext, its digest the SHA-256 of exactly what it yielded, and a
 * changed, cut or vanished file must fail instead of yielding anything
 * unauthenticated; one worker serves file after file, whatever happened to
 * the one before.
 */

const { identity, recipient } = generateX25519Identity();
const BLOCK = 16 * CHUNK_SIZE;
let directory: string;
const opened: FileHandle[] = [];
const decryptors: HashingDecryptor[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-age-hashing-'));
});
afterEach(async () => {
  await Promise.all(decryptors.splice(0).map((decryptor) => decryptor.close()));
  await Promise.all(opened.splice(0).map((handle) => handle.close()));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

function decryptor(ringSlots?: number): HashingDecryptor {
  const created = new HashingDecryptor(ringSlots);
  decryptors.push(created);
  return created;
}

async function storedFile(name: string, plaintext: Buffer): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, await encrypt(plaintext, { recipients: [recipient] }));
  return path;
}

async function payload(path: string): Promise<PayloadFile> {
  const handle = await open(path, 'r');
  opened.push(handle);
  return openPayloadFile(handle, { identities: [identity] });
}

/** Copies each block (a view of the ring, reused) and the returned digest. */
async function readAll(
  from: HashingDecryptor,
  file: PayloadFile,
): Promise<{ bytes: Buffer; blocks: number; sha256: string }> {
  const blocks = from.decrypt(file);
  const copies: Buffer[] = [];
  for (;;) {
    const step = await blocks.next();
    if (step.done)
      return { bytes: Buffer.concat(copies), blocks: copies.length, sha256: step.value };
    copies.push(Buffer.from(step.value));
  }
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const withCode = (code: AgeErrorCode) =>
  expect.toSatisfy((error: unknown) => isAgeError(error, code));

describe('HashingDecryptor', () => {
  it.each([
    ['an empty file', 0],
    ['one byte', 1],
    ['one whole chunk', CHUNK_SIZE],
    ['a chunk and a byte', CHUNK_SIZE + 1],
    ['exactly one block', BLOCK],
    ['several blocks and a short chunk', 5 * BLOCK + 3 * CHUNK_SIZE + 17],
  ])('yields %s as stored and its SHA-256, the ring cycling', async (name, size) => {
    const plaintext = randomBytes(size);
    const file = await payload(await storedFile(`${size}.age`, plaintext));
    const result = await readAll(decryptor(2), file);
    expect(result.bytes.equals(plaintext)).toBe(true);
    expect(result.sha256).toBe(sha256(plaintext));
    expect(result.blocks).toBe(Math.max(1, Math.ceil(size / BLOCK)));
  });

  it('reads file after file with one worker, each digest its own', async () => {
    const shared = decryptor();
    const contents = [randomBytes(BLOCK + 5), randomBytes(300), randomBytes(2 * BLOCK)];
    for (const [index, plaintext] of contents.entries()) {
      const result = await readAll(shared, await payload(await storedFile(`n${index}`, plaintext)));
      expect(result.sha256).toBe(sha256(plaintext));
      expect(result.bytes.equals(plaintext)).toBe(true);
    }
  });

  it('fails on a changed chunk, yields only the blocks before it, and reads the next file', async () => {
    const plaintext = randomBytes(4 * BLOCK);
    const path = await storedFile('changed.age', plaintext);
    const file = await payload(path);
    // A byte of chunk 40 (block 2) flipped on disk after the file was opened.
    const handle = await open(path, 'r+');
    const at = file.payloadStart + 40 * ENCRYPTED_CHUNK_SIZE + 100;
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, at);
    await handle.write(Buffer.of(byte[0]! ^ 1), 0, 1, at);
    await handle.close();
    const shared = decryptor();
    const yielded: Buffer[] = [];
    const reading = (async () => {
      for await (const block of shared.decrypt(file)) yielded.push(Buffer.from(block));
    })();
    await expect(reading).rejects.toEqual(withCode('PAYLOAD_AUTH'));
    expect(Buffer.concat(yielded).equals(plaintext.subarray(0, 2 * BLOCK))).toBe(true);
    const next = randomBytes(1000);
    expect((await readAll(shared, await payload(await storedFile('after.age', next)))).sha256).toBe(
      sha256(next),
    );
  });

  it('fails with TRUNCATED when the file is cut after it was opened', async () => {
    const plaintext = randomBytes(3 * BLOCK);
    const path = await storedFile('cut.age', plaintext);
    const file = await payload(path);
    await truncate(path, file.payloadStart + BLOCK + 10);
    await expect(readAll(decryptor(), file)).rejects.toEqual(withCode('TRUNCATED'));
  });

  it('refuses a file that was closed before it was read', async () => {
    const path = await storedFile('closed.age', randomBytes(10));
    const handle = await open(path, 'r');
    const file = await openPayloadFile(handle, { identities: [identity] });
    await handle.close();
    await expect(readAll(decryptor(), file)).rejects.toThrow(/closed/);
  });

  it('stops early when the reader does, and is free for the next file', async () => {
    const shared = decryptor(3);
    const big = await payload(await storedFile('big.age', randomBytes(8 * BLOCK)));
    let seen = 0;
    for await (const block of shared.decrypt(big)) {
      seen += block.length;
      if (seen >= BLOCK) break;
    }
    expect(seen).toBe(BLOCK);
    const small = randomBytes(77);
    expect((await readAll(shared, await payload(await storedFile('s.age', small)))).sha256).toBe(
      sha256(small),
    );
  });

  it('refuses a second file while one is being read', async () => {
    const shared = decryptor();
    const first = shared.decrypt(await payload(await storedFile('a.age', randomBytes(BLOCK * 3))));
    await first.next();
    const second = shared.decrypt(await payload(await storedFile('b.age', randomBytes(10))));
    await expect(second.next()).rejects.toThrow(/one file at a time/);
    await first.return('');
  });

  it('rejects a read in progress once closed; closing twice is fine', async () => {
    const shared = decryptor();
    const blocks = shared.decrypt(await payload(await storedFile('c.age', randomBytes(BLOCK * 6))));
    await blocks.next();
    await shared.close();
    await shared.close();
    await expect(
      (async () => {
        for (;;) if ((await blocks.next()).done) return;
      })(),
    ).rejects.toThrow(/stopped/);
  });

  it('needs at least two ring slots', () => {
    expect(() => new HashingDecryptor(1)).toThrow(RangeError);
    expect(() => new HashingDecryptor(2.5)).toThrow(RangeError);
  });
});

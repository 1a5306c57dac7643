import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encrypt } from './buffer-api';
import { isAgeError, type AgeErrorCode } from './errors';
import { findHeaderEnd } from './header';
import { generateX25519Identity } from './keys';
import { openRandomAccess } from './random-access';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_LENGTH } from './stream';

const { identity, recipient } = generateX25519Identity();
const by = { identities: [identity] };
let directory: string;
const path = (name: string): string => join(directory, name);
const withCode = (...codes: AgeErrorCode[]) =>
  expect.toSatisfy((error: unknown) => codes.some((code) => isAgeError(error, code)));

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-age-random-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function encryptedFile(name: string, plaintext: Buffer): Promise<Buffer> {
  const file = await encrypt(plaintext, { recipients: [recipient] });
  await writeFile(path(name), file);
  return file;
}

describe('openRandomAccess', () => {
  it('returns the same bytes as the plaintext for random ranges over a few MB', async () => {
    const plaintext = randomBytes(5 * 1024 * 1024 + 4321);
    await encryptedFile('video.age', plaintext);
    const reader = await openRandomAccess(path('video.age'), by);
    try {
      expect(reader.size).toBe(plaintext.length);
      for (let attempt = 0; attempt < 200; attempt++) {
        const start = randomInt(plaintext.length);
        const end = start + randomInt(Math.min(700_000, plaintext.length - start) + 1);
        const slice = await reader.read(start, end);
        expect(slice.equals(plaintext.subarray(start, end)), `range [${start}, ${end})`).toBe(true);
      }
      // Chunk edges, the very end, empty and over-long ranges.
      const edges: [number, number][] = [
        [0, 0],
        [0, 1],
        [CHUNK_SIZE - 1, CHUNK_SIZE + 1],
        [CHUNK_SIZE, 2 * CHUNK_SIZE],
        [plaintext.length - 1, plaintext.length],
        [plaintext.length - 10, plaintext.length + 1000],
        [plaintext.length + 5, plaintext.length + 10],
        [100, 50],
      ];
      for (const [start, end] of edges) {
        const expected = plaintext.subarray(start, Math.max(start, end));
        expect((await reader.read(start, end)).equals(expected), `edge [${start}, ${end})`).toBe(
          true,
        );
      }
      await expect(reader.read(-1, 5)).rejects.toThrow(RangeError);
    } finally {
      await reader.close();
    }
    await expect(reader.read(0, 1)).rejects.toThrow(/closed/);
  });

  it.each([0, 1, CHUNK_SIZE, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 1])(
    'knows the size of a %i-byte plaintext and reads all of it',
    async (size) => {
      const plaintext = randomBytes(size);
      await encryptedFile(`size${size}.age`, plaintext);
      const reader = await openRandomAccess(path(`size${size}.age`), by);
      expect(reader.size).toBe(size);
      expect((await reader.read(0, size)).equals(plaintext)).toBe(true);
      await reader.close();
    },
  );

  it('detects truncation and appended data when opening, before any read', async () => {
    const file = await encryptedFile('whole.age', randomBytes(3 * CHUNK_SIZE + 100));
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_LENGTH;
    const cases: [string, Buffer][] = [
      ['cut at a chunk boundary', file.subarray(0, payloadStart + 2 * ENCRYPTED_CHUNK_SIZE)],
      ['cut inside the last chunk', file.subarray(0, file.length - 50)],
      ['cut inside a tag', file.subarray(0, payloadStart + 3 * ENCRYPTED_CHUNK_SIZE + 5)],
      ['one byte appended', Buffer.concat([file, Buffer.from([0])])],
      [
        'a chunk appended',
        Buffer.concat([file, file.subarray(payloadStart, payloadStart + ENCRYPTED_CHUNK_SIZE)]),
      ],
    ];
    for (const [reason, bytes] of cases) {
      await writeFile(path('broken.age'), bytes);
      await expect(openRandomAccess(path('broken.age'), by), reason).rejects.toThrow(
        withCode('TRUNCATED', 'PAYLOAD_AUTH', 'TRAILING_DATA'),
      );
    }
  });

  it('fails only the reads that touch a tampered chunk', async () => {
    const plaintext = randomBytes(4 * CHUNK_SIZE);
    const file = await encryptedFile('tamper.age', plaintext);
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_LENGTH;
    const insideChunk1 = payloadStart + ENCRYPTED_CHUNK_SIZE + 10;
    file[insideChunk1] = (file[insideChunk1] ?? 0) ^ 0x80;
    await writeFile(path('tamper.age'), file);
    const reader = await openRandomAccess(path('tamper.age'), by);
    expect((await reader.read(0, CHUNK_SIZE)).equals(plaintext.subarray(0, CHUNK_SIZE))).toBe(true);
    await expect(reader.read(CHUNK_SIZE + 5, CHUNK_SIZE + 6)).rejects.toThrow(
      withCode('PAYLOAD_AUTH'),
    );
    await expect(reader.read(0, 3 * CHUNK_SIZE)).rejects.toThrow(withCode('PAYLOAD_AUTH'));
    const tail = await reader.read(2 * CHUNK_SIZE, 4 * CHUNK_SIZE);
    expect(tail.equals(plaintext.subarray(2 * CHUNK_SIZE))).toBe(true);
    await reader.close();
  });

  it('fails a many-chunk read that a file cut after opening cannot fill', async () => {
    const plaintext = randomBytes(12 * CHUNK_SIZE + 99);
    const file = await encryptedFile('cut-later.age', plaintext);
    const reader = await openRandomAccess(path('cut-later.age'), by);
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_LENGTH;
    await truncate(path('cut-later.age'), payloadStart + 5 * ENCRYPTED_CHUNK_SIZE + 100);
    const before = await reader.read(CHUNK_SIZE, 5 * CHUNK_SIZE);
    expect(before.equals(plaintext.subarray(CHUNK_SIZE, 5 * CHUNK_SIZE))).toBe(true);
    await expect(reader.read(2 * CHUNK_SIZE, 9 * CHUNK_SIZE)).rejects.toThrow(
      withCode('PAYLOAD_AUTH'),
    );
    await reader.close();
  });

  it('refuses the wrong identity and a non-age file', async () => {
    await encryptedFile('other.age', randomBytes(10));
    await expect(
      openRandomAccess(path('other.age'), { identities: [generateX25519Identity().identity] }),
    ).rejects.toThrow(withCode('NO_MATCH'));
    await writeFile(path('plain.txt'), 'hello');
    await expect(openRandomAccess(path('plain.txt'), by)).rejects.toThrow(withCode('NOT_AGE'));
    await writeFile(path('empty.age'), '');
    await expect(openRandomAccess(path('empty.age'), by)).rejects.toThrow(withCode('NOT_AGE'));
    expect(await readFile(path('plain.txt'), 'utf8')).toBe('hello');
  });
});

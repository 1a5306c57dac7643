import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt } from './buffer-api';
import { isAgeError } from './errors';
import { decryptFile, encryptFile, type FileProgress } from './file-api';
import { generateX25519Identity } from './keys';
import { createDecryptStream, createEncryptStream } from './streams';

const MiB = 1024 * 1024;
const { identity, recipient } = generateX25519Identity();
let directory: string;
const path = (name: string): string => join(directory, name);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depter-age-files-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Writes `size` random bytes without holding them in memory; returns their SHA-256. */
async function writeRandomFile(target: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(async function* () {
    for (let written = 0; written < size;) {
      const block = randomBytes(Math.min(MiB, size - written));
      hash.update(block);
      written += block.length;
      yield block;
    }
  }, createWriteStream(target));
  return hash.digest('hex');
}

async function sha256OfFile(source: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(source)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function leftovers(): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith('.tmp'));
}

describe('encryptFile / decryptFile', () => {
  it('round-trips a 64 MiB file with memory growth far below the file size', async () => {
    const size = 64 * MiB + 12345;
    const originalHash = await writeRandomFile(path('big.bin'), size);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const progress: FileProgress[] = [];
    const sample = (step: FileProgress): void => {
      progress.push(step);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    };

    await encryptFile(
      path('big.bin'),
      path('big.age'),
      { recipients: [recipient] },
      { onProgress: sample },
    );
    expect(progress.at(-1)).toEqual({ bytesDone: size, bytesTotal: size });
    await decryptFile(
      path('big.age'),
      path('big.out'),
      { identities: [identity] },
      { onProgress: sample },
    );

    const growth = rssPeak - rssBefore;
    console.log(`64 MiB round trip: RSS grew by ${(growth / MiB).toFixed(1)} MiB at most`);
    expect(growth).toBeLessThan(40 * MiB);
    expect(await sha256OfFile(path('big.out'))).toBe(originalHash);
    expect(await leftovers()).toEqual([]);
  });

  it('cancelling mid-way leaves neither the target nor a temporary file', async () => {
    await writeRandomFile(path('cancel.bin'), 16 * MiB);
    const controller = new AbortController();
    const attempt = encryptFile(
      path('cancel.bin'),
      path('cancel.age'),
      { recipients: [recipient] },
      {
        signal: controller.signal,
        onProgress: ({ bytesDone }) => {
          if (bytesDone >= 4 * MiB) controller.abort();
        },
      },
    );
    await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(path('cancel.age'))).toBe(false);
    expect(await leftovers()).toEqual([]);

    const aborted = AbortSignal.abort();
    await expect(
      encryptFile(
        path('cancel.bin'),
        path('cancel.age'),
        { recipients: [recipient] },
        { signal: aborted },
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(path('cancel.age'))).toBe(false);
  });

  it('a tampered file leaves an existing target untouched and no temporary file', async () => {
    await writeRandomFile(path('t.bin'), 3 * MiB);
    await encryptFile(path('t.bin'), path('t.age'), { recipients: [recipient] });
    const tampered = await readFile(path('t.age'));
    const position = tampered.length - 100_000;
    tampered[position] = (tampered[position] ?? 0) ^ 0x01;
    await writeFile(path('t-bad.age'), tampered);
    await writeFile(path('t.out'), 'previous content');

    await expect(
      decryptFile(path('t-bad.age'), path('t.out'), { identities: [identity] }),
    ).rejects.toSatisfy((error) => isAgeError(error, 'PAYLOAD_AUTH'));
    expect(await readFile(path('t.out'), 'utf8')).toBe('previous content');
    expect(await leftovers()).toEqual([]);
  });

  it('writes owner-only files', async () => {
    await writeFile(path('mode.bin'), 'secret');
    await encryptFile(path('mode.bin'), path('mode.age'), { recipients: [recipient] });
    await decryptFile(path('mode.age'), path('mode.out'), { identities: [identity] });
    if (process.platform !== 'win32')
      expect((await stat(path('mode.out'))).mode & 0o777).toBe(0o600);
  });
});

describe('createEncryptStream / createDecryptStream', () => {
  it('pipe through each other with irregular write sizes', async () => {
    const plaintext = randomBytes(3 * 65536 + 17);
    const output: Buffer[] = [];
    await pipeline(
      async function* () {
        // Odd-sized pieces cross every chunk boundary in a different place.
        for (
          let offset = 0, step = 1;
          offset < plaintext.length;
          offset += step, step = ((step * 7) % 50_000) + 1
        ) {
          yield plaintext.subarray(offset, offset + step);
        }
      },
      createEncryptStream({ recipients: [recipient] }),
      createDecryptStream({ identities: [identity] }),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) output.push(chunk);
      },
    );
    expect(Buffer.concat(output).equals(plaintext)).toBe(true);
  });

  it('respect backpressure: a stalled reader stops the source being pulled', async () => {
    let pulled = 0;
    const source = Readable.from(
      (function* () {
        for (let index = 0; index < 4096; index++) {
          pulled += MiB;
          yield Buffer.alloc(MiB, index);
        }
      })(),
    );
    const encrypting = source.pipe(createEncryptStream({ recipients: [recipient] }));
    const iterator = encrypting[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nobody reads now: only the streams' small buffers may have been filled.
    expect(pulled).toBeLessThan(16 * MiB);
    encrypting.destroy();
    source.destroy();
  });

  it('encrypt stream output is a standard age file', async () => {
    const plaintext = randomBytes(100_000);
    const parts: Buffer[] = [];
    await pipeline(
      [plaintext],
      createEncryptStream({ passphrase: 'correct horse', logN: 2 }),
      async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) parts.push(chunk);
      },
    );
    expect(
      (await decrypt(Buffer.concat(parts), { passphrase: 'correct horse' })).equals(plaintext),
    ).toBe(true);
  });

  it('a decrypt stream fails with the AgeError of the broken input', async () => {
    await expect(
      pipeline(
        [Buffer.from('not an age file at all')],
        createDecryptStream({ identities: [identity] }),
        async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source)
            throw new Error(`unexpected plaintext: ${chunk.length} bytes`);
        },
      ),
    ).rejects.toSatisfy((error) => isAgeError(error, 'NOT_AGE'));
  });
});

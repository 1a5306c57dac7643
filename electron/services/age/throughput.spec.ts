import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encryptChunks } from './encrypt-chunks';
import { decryptFile, encryptFile } from './file-api';
import { formatIdentityFile } from './identity-file';
import { generateX25519Identity } from './keys';
import { assertReferenceAgeInstalled } from './reference-age-cli.testing';

/**
 * Measurement, not a pass/fail criterion: file encryption and decryption
 * throughput against the reference age on the same 256 MiB file in the
 * same run. Only completion is asserted; the figures are printed.
 */

const MiB = 1024 * 1024;
const SIZE = 256 * MiB;
const run = promisify(execFile);
let directory: string;
const path = (name: string): string => join(directory, name);

beforeAll(async () => {
  assertReferenceAgeInstalled();
  directory = await mkdtemp(join(tmpdir(), 'depter-age-throughput-'));
  const block = randomBytes(4 * MiB);
  await pipeline(
    async function* () {
      for (let written = 0; written < SIZE; written += block.length) yield block;
    },
    createWriteStream(path('input.bin')),
  );
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const rate = (seconds: number): string => `${(SIZE / MiB / seconds).toFixed(0)} MiB/s`;

it(
  'measures encryptFile and decryptFile against age on 256 MiB',
  { timeout: 180_000 },
  async () => {
    const { identity, recipient } = generateX25519Identity();
    await writeFile(path('key.txt'), formatIdentityFile(identity));
    const by = { identities: [identity] };

    const oursEncrypt = await timed(() =>
      encryptFile(path('input.bin'), path('ours.age'), { recipients: [recipient] }),
    );
    const ageEncrypt = await timed(() =>
      run('age', ['-r', recipient, '-o', path('theirs.age'), path('input.bin')]),
    );
    const oursDecrypt = await timed(() => decryptFile(path('theirs.age'), path('ours.out'), by));
    // Without the disk writes (and our fsync, which age does not do): reading plus crypto only.
    const oursEncryptOnly = await timed(() =>
      pipeline(
        createReadStream(path('input.bin'), { highWaterMark: MiB }),
        (source: AsyncIterable<Uint8Array>) => encryptChunks(source, { recipients: [recipient] }),
        async (sealed: AsyncIterable<Buffer>) => {
          for await (const chunk of sealed) void chunk;
        },
      ),
    );
    const ageEncryptOnly = await timed(() =>
      run('age', ['-r', recipient, '-o', '/dev/null', path('input.bin')]),
    );
    const ageDecrypt = await timed(() =>
      run('age', ['-d', '-i', path('key.txt'), '-o', path('theirs.out'), path('ours.age')]),
    );

    console.log(
      [
        `age throughput on ${SIZE / MiB} MiB (same run):`,
        `  encrypt: Depter ${rate(oursEncrypt)}, age ${rate(ageEncrypt)}, ratio ${(ageEncrypt / oursEncrypt).toFixed(2)}x`,
        `  decrypt: Depter ${rate(oursDecrypt)}, age ${rate(ageDecrypt)}, ratio ${(ageDecrypt / oursDecrypt).toFixed(2)}x`,
        `  encrypt without writing: Depter ${rate(oursEncryptOnly)}, age ${rate(ageEncryptOnly)}, ratio ${(ageEncryptOnly / oursEncryptOnly).toFixed(2)}x`,
        `  (ratio > 1: Depter faster; file times include reading and writing, and Depter's fsync; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs)`,
      ].join('\n'),
    );
    expect((await stat(path('ours.out'))).size).toBe(SIZE);
    expect((await stat(path('theirs.out'))).size).toBe(SIZE);
  },
);

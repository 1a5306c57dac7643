import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../scripts/seeded-random';
import { decrypt, encrypt } from '../age';
import {
  generateX25519Identity,
  makeRecords,
  makeTempDir,
  mutateBytes,
  newSender,
  removeDir,
  writeFixtureBundle,
} from './bundle-fixtures.testing';
import { BundleError } from './errors';
import { openBundle, type StagedBundle } from './open-bundle';

/**
 * Random mutations of valid bundles, from a fixed seed so a failure
 * reproduces: bytes flipped, cut, inserted, deleted or overwritten, both in
 * the encrypted file (age must refuse) and in the decrypted tar re-encrypted
 * for the reader (the tar, manifest and record parsers must refuse). Every
 * outcome must be a classified BundleError with no staging folder left, or
 * (only when the mutation changed nothing that matters) the same result as
 * the untouched bundle.
 */

const SEED = 0x5eed_d3b7;
const CIPHERTEXT_CASES = 600;
const PLAINTEXT_CASES = 600;
// A guard against a hang, not a speed requirement: about 25 s here on an idle machine.
const TIMEOUT_MS = 180_000;

function summary(staged: StagedBundle): unknown {
  return {
    manifest: staged.manifest,
    records: staged.records,
    evidence: [...staged.evidenceFiles.entries()].map(([sha, file]) => [sha, file.size]),
  };
}

let dir: string;
const partner = generateX25519Identity();
const bases: { encrypted: Buffer; tar: Buffer; expected: unknown }[] = [];

beforeAll(async () => {
  dir = await makeTempDir('depter-fuzz-');
  const sizeSets = [[], [10], [700, 1], [3000]];
  for (const [index, sizes] of sizeSets.entries()) {
    const keys = newSender(`fuzz ${index}`);
    const records = await makeRecords(dir, keys.sender.deviceId, sizes);
    const path = join(dir, `base-${index}.depter`);
    await writeFixtureBundle(keys, records, path, [partner.recipient]);
    const encrypted = await readFile(path);
    const expected = summary(await openBundle(path, [partner.identity]));
    bases.push({
      encrypted,
      tar: await decrypt(encrypted, { identities: [partner.identity] }),
      expected,
    });
  }
});
afterAll(async () => {
  await removeDir(dir);
});

async function outcome(bytes: Buffer, expected: unknown, label: string): Promise<string> {
  const path = join(dir, 'case.depter');
  const staging = join(dir, 'staging');
  await writeFile(path, bytes);
  try {
    const staged = await openBundle(path, [partner.identity], { stagingDir: staging });
    expect(summary(staged), `${label} was accepted with different content`).toEqual(expected);
    await removeDir(staging);
    return 'ACCEPTED_IDENTICAL';
  } catch (error) {
    if (!(error instanceof BundleError)) {
      throw new Error(`${label}: unclassified ${String(error)}`, { cause: error });
    }
    await expect(stat(staging), `${label} left a staging folder`).rejects.toMatchObject({
      code: 'ENOENT',
    });
    return error.code;
  }
}

describe('fuzzing valid bundles', () => {
  it(`${CIPHERTEXT_CASES} mutations of the encrypted file are all refused by class`, async () => {
    const random = seededRandom(SEED);
    const codes = new Map<string, number>();
    for (let index = 0; index < CIPHERTEXT_CASES; index++) {
      const base = bases[index % bases.length]!;
      const { bytes, kind } = mutateBytes(base.encrypted, random);
      const code = await outcome(bytes, base.expected, `ciphertext case ${index} ${kind}`);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    // age authenticates every byte: nothing altered can get through.
    expect(codes.has('ACCEPTED_IDENTICAL')).toBe(false);
    expect([...codes.keys()].sort()).toEqual(expect.arrayContaining(['DAMAGED', 'NOT_A_BUNDLE']));
  });

  it(
    `${PLAINTEXT_CASES} mutations of the tar inside, re-encrypted, are all refused by class`,
    async () => {
      const random = seededRandom(SEED + 1);
      const codes = new Map<string, number>();
      for (let index = 0; index < PLAINTEXT_CASES; index++) {
        const base = bases[index % bases.length]!;
        const { bytes, kind } = mutateBytes(base.tar, random);
        const sealed = await encrypt(bytes, { recipients: [partner.recipient] });
        const code = await outcome(sealed, base.expected, `plaintext case ${index} ${kind}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      // The parsers, not age, must have done the refusing here.
      expect(codes.has('DAMAGED')).toBe(false);
      expect(codes.size).toBeGreaterThan(5);
    },
    TIMEOUT_MS,
  );
});

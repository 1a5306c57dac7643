import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as vectors from 'cctv-age';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveEvidenceNamingKey, storedFileName } from './evidence-layout';
import { EvidenceStore } from './evidence-store';
import { EvidenceError, type EvidenceKeys } from './evidence-store-types';
import { sha256Of, TempFolders } from './evidence-test-support.testing';

/**
 * The cctv-age vectors for X25519 identities, placed in the store as if they
 * were stored evidence and read back through the store's own paths (verify,
 * openReader): a good file is byte-exact, every broken one is DAMAGED and
 * yields no plaintext that is not authentic. Passphrase vectors do not
 * apply (stored evidence is always encrypted to the device identity);
 * armored and post-quantum ones are covered by the age library's own spec.
 */

interface Vector {
  name: string;
  expect: string;
  payloadSha256: string | undefined;
  identities: string[];
  armored: boolean;
  file: Buffer;
}

function readVector(name: string, bytes: Uint8Array): Vector {
  const data = Buffer.from(bytes);
  const blank = data.indexOf('\n\n');
  const lines = data.subarray(0, blank).toString('utf8').split('\n');
  const field = (key: string) =>
    lines.filter((line) => line.startsWith(`${key}: `)).map((line) => line.slice(key.length + 2));
  const body = data.subarray(blank + 2);
  return {
    name,
    expect: field('expect')[0] ?? '',
    payloadSha256: field('payload')[0],
    identities: field('identity'),
    armored: field('armored')[0] === 'yes',
    file: field('compressed')[0] === 'zlib' ? inflateSync(body) : body,
  };
}

const applicable = Object.entries(vectors)
  .map(([name, bytes]) => readVector(name, bytes))
  .filter(
    (vector) =>
      !vector.armored &&
      vector.identities.length === 1 &&
      vector.identities[0]!.startsWith('AGE-SECRET-KEY-1'),
  );
const NAMING_KEY = deriveEvidenceNamingKey(Buffer.alloc(32, 7));
/** Content that no vector decrypts to: the name a broken vector is stored under. */
const PLACEHOLDER_SHA = sha256Of(Buffer.from('placeholder'));

const folders = new TempFolders();
let directory: string;
let store: EvidenceStore;

beforeAll(async () => {
  directory = join(await folders.make(), 'evidence');
  await mkdir(directory);
  store = new EvidenceStore({ directory });
});
afterAll(() => folders.removeAll());

async function place(vector: Vector): Promise<{ keys: EvidenceKeys; sha256: string }> {
  const sha256 = vector.payloadSha256 ?? PLACEHOLDER_SHA;
  const keys = { ageIdentity: vector.identities[0]!, ageRecipient: '', namingKey: NAMING_KEY };
  const vectorFile = join(directory, '..', `${vector.name}.vector`);
  await writeFile(vectorFile, vector.file);
  await copyFile(vectorFile, join(directory, storedFileName(NAMING_KEY, sha256)));
  return { keys, sha256 };
}

describe('cctv-age X25519 vectors through the evidence store', () => {
  it('has enough applicable vectors to mean something', () => {
    expect(applicable.filter((v) => v.expect === 'success').length).toBeGreaterThanOrEqual(10);
    expect(applicable.filter((v) => v.expect !== 'success').length).toBeGreaterThanOrEqual(40);
  });

  it.each(applicable.map((vector) => [vector.name, vector] as const))(
    '%s',
    async (_name, vector) => {
      const { keys, sha256 } = await place(vector);
      if (vector.expect === 'success') {
        expect(await store.verify(sha256, keys)).toBeNull();
        const reader = await store.openReader(sha256, keys);
        expect(sha256Of(await reader.read(0, reader.size))).toBe(vector.payloadSha256);
        await reader.close();
        return;
      }
      expect(await store.verify(sha256, keys)).toBe('DAMAGED');
      const read = async (): Promise<Buffer> => {
        const reader = await store.openReader(sha256, keys);
        try {
          return await reader.read(0, reader.size);
        } finally {
          await reader.close();
        }
      };
      await expect(read()).rejects.toSatisfy(
        (error) => error instanceof EvidenceError && error.code === 'DAMAGED',
      );
    },
  );
});

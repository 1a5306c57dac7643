import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateX25519Identity,
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  writeFixtureBundle,
  type RecordsFixture,
} from './bundle-fixtures.testing';
import { openBundle, type EvidenceSinkEntry, type EvidenceSinkReport } from './open-bundle';

let dir: string;
let path: string;
let records: RecordsFixture;
const partner = generateX25519Identity();

beforeAll(async () => {
  dir = await makeTempDir();
  const keys = newSender();
  // Files spanning several 64 KiB age chunks, and one inside a single chunk.
  records = await makeRecords(dir, keys.sender.deviceId, [1000, 300_000]);
  path = join(dir, 'bundle.depter');
  await writeFixtureBundle(keys, records, path, [partner.recipient]);
});
afterAll(async () => {
  await removeDir(dir);
});

/** Hashes and keeps (copies of) what it reads, and reports it, as the evidence store does. */
function hashingSink(received: Map<string, Buffer>) {
  return async ({ sha256, body }: EvidenceSinkEntry): Promise<EvidenceSinkReport> => {
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    for await (const piece of body) {
      hash.update(piece);
      parts.push(Buffer.from(piece));
    }
    const bytes = Buffer.concat(parts);
    received.set(sha256, bytes);
    return { sha256: hash.digest('hex'), size: bytes.length };
  };
}

describe('openBundle with a sink that hashes for the reader', () => {
  it('hands over every evidence file byte for byte and accepts matching reports', async () => {
    const received = new Map<string, Buffer>();
    const staged = await openBundle(path, [partner.identity], {
      hashingEvidenceSink: hashingSink(received),
    });
    expect(staged.evidenceFiles.size).toBe(records.files.length);
    for (const file of records.files)
      expect(received.get(file.sha256)?.equals(file.bytes)).toBe(true);
  });

  it('refuses the bundle when the report names another SHA-256', async () => {
    await expect(
      openBundle(path, [partner.identity], {
        hashingEvidenceSink: async (entry) => ({
          ...(await hashingSink(new Map())(entry)),
          sha256: 'f'.repeat(64),
        }),
      }),
    ).rejects.toMatchObject({ code: 'ENTRY_HASH_MISMATCH' });
  });

  it('refuses the bundle when the sink stopped before the end of a file', async () => {
    const stopsEarly = async ({ body }: EvidenceSinkEntry): Promise<EvidenceSinkReport> => {
      const hash = createHash('sha256');
      let size = 0;
      for await (const piece of body) {
        hash.update(piece);
        size += piece.length;
        break;
      }
      return { sha256: hash.digest('hex'), size };
    };
    await expect(
      openBundle(path, [partner.identity], { hashingEvidenceSink: stopsEarly }),
    ).rejects.toMatchObject({ code: 'ENTRY_HASH_MISMATCH' });
  });

  it("passes the sink's own failure through unchanged", async () => {
    const failure = new Error('the disk is full');
    await expect(
      openBundle(path, [partner.identity], { hashingEvidenceSink: () => Promise.reject(failure) }),
    ).rejects.toBe(failure);
  });

  it('stops with the AbortError when cancelled while the sink reads', async () => {
    const controller = new AbortController();
    const cancelling = async ({ body, sha256, size }: EvidenceSinkEntry) => {
      controller.abort();
      for await (const piece of body) void piece;
      return { sha256, size };
    };
    await expect(
      openBundle(path, [partner.identity], {
        hashingEvidenceSink: cancelling,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses to be given both kinds of sink', async () => {
    await expect(
      openBundle(path, [partner.identity], {
        evidenceSink: async () => undefined,
        hashingEvidenceSink: hashingSink(new Map()),
      }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it("reuses a piece's memory once the next is asked for: a sink must copy what it keeps", async () => {
    const kept: Buffer[] = [];
    const keepsViews = async ({ body, sha256, size }: EvidenceSinkEntry) => {
      for await (const piece of body) kept.push(piece);
      return { sha256, size };
    };
    await openBundle(path, [partner.identity], { hashingEvidenceSink: keepsViews });
    const keptBytes = kept.reduce((sum, piece) => sum + piece.length, 0);
    const fileBytes = records.files.reduce((sum, file) => sum + file.bytes.length, 0);
    expect(keptBytes).toBeLessThan(fileBytes);
  });
});

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  evidenceSourceFor,
  generateX25519Identity,
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  writeFixtureBundle,
  type RecordsFixture,
  type SenderKeys,
} from './bundle-fixtures.testing';
import { BundleError } from './errors';
import { signingKeyFingerprint } from './manifest';
import { inspectBundle, openBundle } from './open-bundle';

let dir: string;
let keys: SenderKeys;
let records: RecordsFixture;
const partner = generateX25519Identity();

beforeEach(async () => {
  dir = await makeTempDir();
  keys = newSender();
  records = await makeRecords(dir, keys.sender.deviceId);
});
afterEach(async () => {
  await removeDir(dir);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BundleError) return error.code;
    throw error;
  }
  throw new Error('expected a BundleError');
}

describe('writeBundle → openBundle', () => {
  it('round-trips records and evidence byte for byte, and reports size and SHA-256', async () => {
    const output = join(dir, 'out.depter');
    const progress: number[] = [];
    const result = await writeFixtureBundle(keys, records, output, [partner.recipient], {
      onProgress: (p) => progress.push(p.bytesDone / p.bytesTotal),
    });
    expect(result.paths).toEqual([output]);
    const bytes = await readFile(output);
    expect(result.size).toBe(bytes.length);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(result.counts).toEqual({
      incidents: 2,
      actors: 1,
      evidence: 2,
      audit: 3,
      lineage: 2,
      evidenceFiles: 2,
      evidenceBytes: 71_000,
    });
    expect(progress.at(-1)).toBe(1);

    const staging = join(dir, 'staging');
    const staged = await openBundle(output, [partner.identity], { stagingDir: staging });
    expect(staged.signature).toBe('valid');
    expect(staged.bundle.sha256).toBe(result.sha256);
    expect(staged.manifest.bundleId).toBe(result.bundleId);
    expect(staged.manifest.sender).toEqual(keys.sender);
    expect(staged.fingerprint).toBe(
      signingKeyFingerprint(Buffer.from(keys.sender.signingPublicKey, 'base64')),
    );
    expect(staged.records.incidents).toEqual(records.incidents);
    expect(staged.records.actors).toEqual(records.actors);
    expect(staged.records.evidence).toEqual(records.evidence);
    expect(staged.records.audit).toEqual(records.audit);
    expect(staged.records.lineage).toEqual(records.lineage);
    for (const file of records.files) {
      const stagedFile = staged.evidenceFiles.get(file.sha256);
      expect(stagedFile?.path).toBeDefined();
      expect((await readFile(stagedFile!.path!)).equals(file.bytes)).toBe(true);
    }
    const names = (await readdir(staging, { recursive: true })).sort();
    expect(names).toEqual(
      [
        'actors.jsonl',
        'audit.jsonl',
        'evidence',
        'evidence.jsonl',
        'incidents.csv',
        'incidents.jsonl',
        'lineage.jsonl',
        'manifest.json',
        'manifest.sig',
        ...staged.manifest.entries
          .filter((entry) => entry.name.startsWith('evidence/'))
          .map((entry) => entry.name),
      ].sort(),
    );
  });

  it('verifies without staging when no staging folder is given', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, records, output, [partner.recipient]);
    const staged = await openBundle(output, [partner.identity]);
    expect(staged.stagingDir).toBeUndefined();
    expect([...staged.evidenceFiles.values()].every((file) => file.path === undefined)).toBe(true);
  });

  it('hands every evidence file to a sink instead of the staging folder', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, records, output, [partner.recipient]);
    const received = new Map<string, Buffer>();
    const staging = join(dir, 'staging');
    const staged = await openBundle(output, [partner.identity], {
      stagingDir: staging,
      evidenceSink: async ({ sha256, size, body }) => {
        const parts: Buffer[] = [];
        for await (const piece of body) parts.push(piece);
        const bytes = Buffer.concat(parts);
        expect(bytes.length).toBe(size);
        received.set(sha256, bytes);
      },
    });
    expect(received.size).toBe(records.files.length);
    for (const file of records.files)
      expect(received.get(file.sha256)?.equals(file.bytes)).toBe(true);
    expect([...staged.evidenceFiles.values()].every((file) => file.path === undefined)).toBe(true);
    expect((await readdir(staging)).sort()).not.toContain('evidence');
  });

  it('reads to the end of a file the sink left unread, and still checks its hash', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, records, output, [partner.recipient]);
    const staged = await openBundle(output, [partner.identity], {
      evidenceSink: async () => undefined,
    });
    expect(staged.evidenceFiles.size).toBe(records.files.length);
  });

  it('inspects sender, signature and counts from the head of the bundle', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, records, output, [partner.recipient, keys.identity.recipient]);
    const head = await inspectBundle(output, [keys.identity.identity]);
    expect(head.signatureValid).toBe(true);
    expect(head.manifest.sender.name).toBe('Monitor in Osh');
    expect(head.manifest.counts.incidents).toBe(2);
  });

  it('writes a bundle without actors.jsonl when no actors are given', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, { ...records, actors: [] }, output, [partner.recipient], {
      records: {
        incidents: records.incidents,
        evidence: records.evidence,
        audit: records.audit,
      },
    });
    const staged = await openBundle(output, [partner.identity]);
    expect(staged.manifest.entries.map((entry) => entry.name)).not.toContain('actors.jsonl');
    expect(staged.records.actors).toEqual([]);
  });

  it('leaves lineage.jsonl and its count out when no lineage is given', async () => {
    const output = join(dir, 'out.depter');
    const result = await writeFixtureBundle(keys, { ...records, lineage: undefined }, output, [
      partner.recipient,
    ]);
    expect(result.counts.lineage).toBeUndefined();
    const staged = await openBundle(output, [partner.identity]);
    expect(staged.manifest.entries.map((entry) => entry.name)).not.toContain('lineage.jsonl');
    expect(staged.manifest.counts).not.toHaveProperty('lineage');
    expect(staged.records.lineage).toEqual([]);
  });

  it('writes lineage sorted by table then id, whatever order it is given in', async () => {
    const output = join(dir, 'out.depter');
    const given = [...records.lineage!].reverse();
    await writeFixtureBundle(keys, { ...records, lineage: given }, output, [partner.recipient]);
    const staged = await openBundle(output, [partner.identity]);
    expect(staged.records.lineage.map((line) => line.table)).toEqual(['actors', 'incidents']);
  });
});

describe('writeBundle refuses and leaves nothing behind', () => {
  async function leftovers(): Promise<string[]> {
    return (await readdir(dir)).filter((name) => !name.startsWith('stored-'));
  }

  it('a stored file whose content no longer hashes to its SHA-256', async () => {
    const tampered = records.files.map((file, index) =>
      index === 1 ? { ...file, bytes: Buffer.from(file.bytes) } : file,
    );
    const { writeFile } = await import('node:fs/promises');
    const flipped = Buffer.from(records.files[1]!.bytes);
    flipped[500] = flipped[500]! ^ 1;
    await writeFile(records.files[1]!.path, flipped);
    const code = await codeOf(
      writeFixtureBundle(keys, { ...records, files: tampered }, join(dir, 'x.depter'), [
        partner.recipient,
      ]),
    );
    expect(code).toBe('EVIDENCE_HASH_MISMATCH');
    expect(await leftovers()).toEqual([]);
  });

  it('a stored file of another size than its record', async () => {
    const source = evidenceSourceFor(records.files);
    const code = await codeOf(
      writeFixtureBundle(keys, records, join(dir, 'x.depter'), [partner.recipient], {
        evidenceFiles: async (sha) => ({ ...(await source(sha)), size: 5 }),
      }),
    );
    expect(code).toBe('EVIDENCE_SIZE_MISMATCH');
    expect(await leftovers()).toEqual([]);
  });

  it('records that break the schema', async () => {
    const bad = { ...records, incidents: [{ ...records.incidents[0]!, categories: ['nope'] }] };
    expect(
      await codeOf(writeFixtureBundle(keys, bad, join(dir, 'x.depter'), [partner.recipient])),
    ).toBe('INPUT_INVALID');
    expect(await leftovers()).toEqual([]);
  });

  it('lineage that repeats a record, names one the bundle lacks, or breaks its schema', async () => {
    const line = records.lineage![0]!;
    const cases = [
      [...records.lineage!, line],
      [{ ...line, id: '0190a0a0-0000-7000-8000-000000000000' }],
      [{ ...line, hashes: [] }],
      [{ ...line, table: 'audit' }],
    ];
    for (const lineage of cases) {
      expect(
        await codeOf(
          writeFixtureBundle(keys, { ...records, lineage }, join(dir, 'x.depter'), [
            partner.recipient,
          ]),
        ),
      ).toBe('INPUT_INVALID');
    }
    expect(await leftovers()).toEqual([]);
  });

  it('a signing key that is not the sender key, and an invalid recipient', async () => {
    const other = newSender();
    expect(
      await codeOf(
        writeFixtureBundle({ ...keys, signingSeed: other.signingSeed }, records, join(dir, 'x'), [
          partner.recipient,
        ]),
      ),
    ).toBe('INPUT_INVALID');
    expect(
      await codeOf(writeFixtureBundle(keys, records, join(dir, 'x'), ['age1notarecipient'])),
    ).toBe('INPUT_INVALID');
    expect(await leftovers()).toEqual([]);
  });

  it('an existing output or volume name', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'x.depter.002'), 'old volume');
    expect(
      await codeOf(writeFixtureBundle(keys, records, join(dir, 'x.depter'), [partner.recipient])),
    ).toBe('OUTPUT_EXISTS');
    expect(await leftovers()).toEqual(['x.depter.002']);
  });

  it('an abort while the records are encoded stops the encoding there', async () => {
    const controller = new AbortController();
    function* abortingIncidents(): Generator<unknown> {
      yield records.incidents[0];
      controller.abort();
      // Longer than a slice, so the encoder lets the event loop run and sees the abort.
      const until = performance.now() + 30;
      while (performance.now() < until);
      yield records.incidents[1];
    }
    let auditRead = false;
    const audit: Iterable<unknown> = {
      *[Symbol.iterator]() {
        auditRead = true;
        yield* records.audit;
      },
    };
    const promise = writeFixtureBundle(keys, records, join(dir, 'x.depter'), [partner.recipient], {
      signal: controller.signal,
      records: { incidents: abortingIncidents(), evidence: records.evidence, audit },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(auditRead).toBe(false);
    expect(await leftovers()).toEqual([]);
  });

  it('an abort mid-way', async () => {
    const controller = new AbortController();
    const promise = writeFixtureBundle(keys, records, join(dir, 'x.depter'), [partner.recipient], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone > 10_000) controller.abort();
      },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(await leftovers()).toEqual([]);
  });
});

describe('openBundle on failure', () => {
  it('removes the staging folder and reports the failure class', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, records, output, [partner.recipient]);
    const staging = join(dir, 'staging');
    const other = generateX25519Identity();
    const error = await openBundle(output, [other.identity], { stagingDir: staging }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe('NOT_ADDRESSED_TO_ME');
    expect((error as BundleError).failureClass).toBe('not-addressed');
    await expect(stat(staging)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a staging folder that already exists, touching nothing in it', async () => {
    const output = join(dir, 'out.depter');
    await writeFixtureBundle(keys, records, output, [partner.recipient]);
    await expect(openBundle(output, [partner.identity], { stagingDir: dir })).rejects.toMatchObject(
      { code: 'EEXIST' },
    );
    expect((await readdir(dir)).length).toBeGreaterThan(0);
  });

  it('rejects an invalid identity before reading', async () => {
    expect(await codeOf(openBundle(join(dir, 'none'), ['AGE-SECRET-KEY-1XYZ']))).toBe(
      'INVALID_IDENTITY',
    );
  });
});

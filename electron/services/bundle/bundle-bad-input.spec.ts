import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { decrypt, encrypt } from '../age';
import {
  generateX25519Identity,
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  signedHead,
  tarEntries,
  untar,
  writeFixtureBundle,
  type ForgedEntry,
  type SenderKeys,
} from './bundle-fixtures.testing';
import { BundleError } from './errors';
import { manifestBytes, type BundleManifest } from './manifest';
import { openBundle } from './open-bundle';
import { BLOCK_SIZE, encodeHeader } from './tar-header';

let dir: string;
let keys: SenderKeys;
let validPath: string;
let validBytes: Buffer;
let manifest: BundleManifest;
let body: ForgedEntry[];
const partner = generateX25519Identity();
let counter = 0;

beforeAll(async () => {
  dir = await makeTempDir();
  keys = newSender();
  const records = await makeRecords(dir, keys.sender.deviceId, [1000, 70_000]);
  validPath = join(dir, 'valid.depter');
  await writeFixtureBundle(keys, records, validPath, [partner.recipient]);
  validBytes = await readFile(validPath);
  const entries = await untar(await decrypt(validBytes, { identities: [partner.identity] }));
  manifest = JSON.parse(entries[0]!.data.toString('utf8')) as BundleManifest;
  body = entries.slice(2);
});
afterAll(async () => {
  await removeDir(dir);
});

/** Opens `bytes` as a bundle file; returns the error code and checks that no staging folder is left. */
async function openCode(bytes: Buffer): Promise<string> {
  counter += 1;
  const path = join(dir, `case-${counter}.depter`);
  await writeFile(path, bytes);
  const staging = join(dir, `staging-${counter}`);
  try {
    await openBundle(path, [partner.identity], { stagingDir: staging });
  } catch (error) {
    await expect(stat(staging)).rejects.toMatchObject({ code: 'ENOENT' });
    if (error instanceof BundleError) return error.code;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

async function sealed(payload: Buffer): Promise<Buffer> {
  return encrypt(payload, { recipients: [partner.recipient] });
}

/** A manifest listing `entries` with their true sizes and hashes, everything else as in the valid one. */
function relisted(entries: readonly ForgedEntry[], changes: Partial<BundleManifest> = {}) {
  const listed = entries.map((entry) => ({
    name: entry.name,
    size: entry.data.length,
    sha256: createHash('sha256').update(entry.data).digest('hex'),
  }));
  const files = listed.filter((entry) => entry.name.startsWith('evidence/'));
  return {
    ...manifest,
    counts: {
      ...manifest.counts,
      evidenceFiles: files.length,
      evidenceBytes: files.reduce((sum, entry) => sum + entry.size, 0),
    },
    entries: listed,
    ...changes,
  };
}

/** A correctly signed and encrypted bundle of `entries` (tar written by us). */
async function forged(entries: ForgedEntry[], changes: Partial<BundleManifest> = {}) {
  const head = await signedHead(keys, relisted(entries, changes));
  return sealed(Buffer.concat([head, await tarEntries(entries)]));
}

function replaced(name: string, data: Buffer): ForgedEntry[] {
  return body.map((entry) => (entry.name === name ? { name, data } : entry));
}

describe('openBundle rejects a hostile or broken bundle', () => {
  it('accepts the untouched bundle and a faithful re-forge (the helpers are sound)', async () => {
    await expect(openBundle(validPath, [partner.identity])).resolves.toBeDefined();
    const path = join(dir, 'reforged.depter');
    await writeFile(path, await forged(body));
    await expect(openBundle(path, [partner.identity])).resolves.toBeDefined();
  });

  it('not a bundle: random bytes, text, an age file of something else, an empty file', async () => {
    expect(await openCode(Buffer.from('PK\u0003\u0004 a zip file'))).toBe('NOT_A_BUNDLE');
    expect(await openCode(Buffer.alloc(0))).toBe('NOT_A_BUNDLE');
    expect(await openCode(await sealed(Buffer.from('hello')))).toBe('NOT_A_BUNDLE');
    expect(
      await openCode(
        await sealed(await tarEntries([{ name: 'incidents.jsonl', data: Buffer.alloc(1) }])),
      ),
    ).toBe('NOT_A_BUNDLE');
    expect(await openCode(await sealed(Buffer.alloc(0)))).toBe('NOT_A_BUNDLE');
  });

  it('not addressed to me', async () => {
    const other = generateX25519Identity();
    const bytes = await encrypt(await decrypt(validBytes, { identities: [partner.identity] }), {
      recipients: [other.recipient],
    });
    expect(await openCode(bytes)).toBe('NOT_ADDRESSED_TO_ME');
  });

  it('truncated anywhere: in the header, at a chunk boundary, in the last chunk', async () => {
    const headerEnd = validBytes.indexOf('\n---') + 1;
    const chunkBoundary = headerEnd + 16 + 64 * 1024 + 16;
    expect(validBytes.length).toBeGreaterThan(chunkBoundary + 1000);
    const cuts = [
      10,
      headerEnd,
      headerEnd + 50,
      chunkBoundary,
      chunkBoundary + 7,
      validBytes.length - 1,
    ];
    for (const cut of cuts) {
      const code = await openCode(validBytes.subarray(0, cut));
      expect(['NOT_A_BUNDLE', 'TRUNCATED', 'DAMAGED']).toContain(code);
    }
    expect(await openCode(validBytes.subarray(0, validBytes.length - 1))).toMatch(
      /TRUNCATED|DAMAGED/,
    );
  });

  it('one flipped byte anywhere (a sweep over header and payload)', async () => {
    const seen = new Set<string>();
    for (let position = 0; position < validBytes.length; position += 1031) {
      const bytes = Buffer.from(validBytes);
      bytes[position] = bytes[position]! ^ 0x01;
      const code = await openCode(bytes);
      expect(['NOT_A_BUNDLE', 'NOT_ADDRESSED_TO_ME', 'DAMAGED']).toContain(code);
      seen.add(code);
    }
    expect(seen.has('DAMAGED')).toBe(true);
  });

  it('bytes appended after the bundle', async () => {
    expect(await openCode(Buffer.concat([validBytes, Buffer.from('x')]))).toMatch(
      /TRAILING_DATA|DAMAGED/,
    );
  });

  it('a manifest edited after signing (bad signature)', async () => {
    const original = relisted(body);
    const edited = { ...original, sender: { ...original.sender, name: 'Someone else' } };
    const head = await signedHead(keys, edited, { signedBytes: manifestBytes(original) });
    expect(await openCode(await sealed(Buffer.concat([head, await tarEntries(body)])))).toBe(
      'BAD_SIGNATURE',
    );
  });

  it('a manifest signed by another key than the one it names', async () => {
    const head = await signedHead(newSender(), relisted(body));
    expect(await openCode(await sealed(Buffer.concat([head, await tarEntries(body)])))).toBe(
      'BAD_SIGNATURE',
    );
  });

  it('a missing signature entry', async () => {
    const payload = await tarEntries([
      { name: 'manifest.json', data: manifestBytes(relisted(body)) },
      ...body,
    ]);
    expect(await openCode(await sealed(payload))).toBe('BAD_SIGNATURE');
  });

  it('an entry whose hash or size differs from the manifest', async () => {
    const listed = relisted(body);
    const wrongHash = {
      ...listed,
      entries: listed.entries.map((entry) =>
        entry.name === 'incidents.csv' ? { ...entry, sha256: 'f'.repeat(64) } : entry,
      ),
    };
    const head = await signedHead(keys, wrongHash);
    expect(await openCode(await sealed(Buffer.concat([head, await tarEntries(body)])))).toBe(
      'ENTRY_HASH_MISMATCH',
    );
    const csv = body.find((entry) => entry.name === 'incidents.csv')!;
    const longer = replaced('incidents.csv', Buffer.concat([csv.data, Buffer.from('x')]));
    const head2 = await signedHead(keys, relisted(body));
    expect(await openCode(await sealed(Buffer.concat([head2, await tarEntries(longer)])))).toBe(
      'ENTRY_SIZE_MISMATCH',
    );
  });

  it('an evidence file whose bytes differ, also when a sink takes the evidence', async () => {
    const head = await signedHead(keys, relisted(body));
    const file = body.find((entry) => entry.name.startsWith('evidence/'))!;
    const flipped = Buffer.from(file.data);
    flipped[flipped.length >> 1]! ^= 0x40;
    const tampered = await sealed(
      Buffer.concat([head, await tarEntries(replaced(file.name, flipped))]),
    );
    expect(await openCode(tampered)).toBe('ENTRY_HASH_MISMATCH');
    const path = join(dir, 'tampered-for-sink.depter');
    await writeFile(path, tampered);
    // A sink that checks like the evidence store does, and one that keeps whatever it gets.
    const checking = async (entry: { sha256: string; body: AsyncIterable<Buffer> }) => {
      const hash = createHash('sha256');
      for await (const piece of entry.body) hash.update(piece);
      if (hash.digest('hex') !== entry.sha256) throw new Error('sink: not the declared content');
    };
    const trusting = async (entry: { body: AsyncIterable<Buffer> }) => {
      for await (const piece of entry.body) void piece;
    };
    for (const evidenceSink of [checking, trusting]) {
      await expect(openBundle(path, [partner.identity], { evidenceSink })).rejects.toMatchObject({
        code: 'ENTRY_HASH_MISMATCH',
      });
    }
  });

  it("a sink's own failure passes through unchanged", async () => {
    const failure = new Error('disk full');
    await expect(
      openBundle(validPath, [partner.identity], {
        evidenceSink: () => Promise.reject(failure),
      }),
    ).rejects.toBe(failure);
  });

  it('an entry not in the manifest, and an entry missing from the tar', async () => {
    const extra = { name: `evidence/${'a'.repeat(64)}.bin`, data: Buffer.from('x') };
    const head = await signedHead(keys, relisted(body));
    expect(
      await openCode(await sealed(Buffer.concat([head, await tarEntries([...body, extra])]))),
    ).toBe('ENTRY_UNLISTED');
    expect(
      await openCode(await sealed(Buffer.concat([head, await tarEntries(body.slice(0, -1))]))),
    ).toBe('ENTRY_MISSING');
    expect(
      await openCode(
        await sealed(
          Buffer.concat([head, await tarEntries([body[1]!, body[0]!, ...body.slice(2)])]),
        ),
      ),
    ).toBe('ENTRY_MISSING');
  });

  it('an unknown format version, and a manifest of another format', async () => {
    expect(await openCode(await forged(body, { version: 2 as 1 }))).toBe('UNSUPPORTED_VERSION');
    expect(await openCode(await forged(body, { format: 'other' as 'depter-bundle' }))).toBe(
      'NOT_A_BUNDLE',
    );
  });

  it('a manifest that is not canonical JSON, not JSON, or breaks the schema', async () => {
    const listed = relisted(body);
    const pretty = Buffer.from(JSON.stringify(listed, null, 2));
    const tail = await tarEntries(body);
    expect(
      await openCode(
        await sealed(
          Buffer.concat([await signedHead(keys, listed, { manifestBytes: pretty }), tail]),
        ),
      ),
    ).toBe('MANIFEST_INVALID');
    const notJson = Buffer.from('{"format":"depter-bundle",');
    expect(
      await openCode(
        await sealed(
          Buffer.concat([await signedHead(keys, listed, { manifestBytes: notJson }), tail]),
        ),
      ),
    ).toBe('MANIFEST_INVALID');
    expect(await openCode(await forged(body, { bundleId: 'not-a-uuid' }))).toBe('MANIFEST_INVALID');
    const wrongCounts = { ...listed, counts: { ...listed.counts, evidenceBytes: 1 } };
    expect(
      await openCode(await sealed(Buffer.concat([await signedHead(keys, wrongCounts), tail]))),
    ).toBe('MANIFEST_INVALID');
  });

  it.each([
    ['../escape.txt', '0', 'TAR_UNSAFE_NAME'],
    ['/tmp/absolute.txt', '0', 'TAR_UNSAFE_NAME'],
    ['evidence/link', '2', 'TAR_LINK'],
    ['evidence/hard', '1', 'TAR_LINK'],
    ['evidence/dev', '3', 'TAR_SPECIAL_FILE'],
    ['evidence/fifo', '6', 'TAR_SPECIAL_FILE'],
    ['notes.txt', '0', 'TAR_NAME_NOT_ALLOWED'],
  ])('a tar entry %j of type %s after a valid signed head', async (name, type, code) => {
    const head = await signedHead(keys, relisted(body));
    const hostile = encodeHeader({ name: Buffer.from(name), size: 0, mtime: 0, typeflag: type });
    const payload = Buffer.concat([head, hostile, await tarEntries(body)]);
    expect(await openCode(await sealed(payload))).toBe(code);
  });

  it('a duplicate entry name', async () => {
    const head = await signedHead(keys, relisted(body));
    const payload = Buffer.concat([head, await tarEntries([body[0]!, body[0]!, ...body.slice(1)])]);
    expect(await openCode(await sealed(payload))).toBe('TAR_DUPLICATE');
  });

  it('a declared size far beyond the data (manifest and header agree on 8 GiB − 1)', async () => {
    const name = `evidence/${'b'.repeat(64)}.bin`;
    // The largest size a plain ustar header holds: 8 GiB − 1.
    const huge = { name, size: 8 * 1024 ** 3 - 1, sha256: 'b'.repeat(64) };
    const listed = relisted(body);
    const withHuge = {
      ...listed,
      entries: [...listed.entries, huge],
      counts: {
        ...listed.counts,
        evidenceFiles: listed.counts.evidenceFiles + 1,
        evidenceBytes: listed.counts.evidenceBytes + huge.size,
      },
    };
    const head = await signedHead(keys, withHuge);
    const header = encodeHeader({
      name: Buffer.from(name),
      size: huge.size,
      mtime: 0,
      typeflag: '0',
    });
    const payload = Buffer.concat([
      head,
      await tarEntries(body, false),
      header,
      Buffer.alloc(10 * BLOCK_SIZE),
    ]);
    expect(await openCode(await sealed(payload))).toBe('TAR_SIZE_BEYOND_DATA');
  });

  it('a data file declared larger than the reader accepts', async () => {
    const listed = relisted(body);
    const big = {
      ...listed,
      entries: listed.entries.map((entry) =>
        entry.name === 'audit.jsonl' ? { ...entry, size: 2 ** 40 } : entry,
      ),
    };
    const head = await signedHead(keys, big);
    expect(await openCode(await sealed(Buffer.concat([head, await tarEntries(body)])))).toBe(
      'MANIFEST_INVALID',
    );
  });

  it('invalid UTF-8 and invalid JSON in a JSONL file', async () => {
    expect(
      await openCode(await forged(replaced('audit.jsonl', Buffer.from([0x7b, 0xff, 0x7d, 0x0a])))),
    ).toBe('INVALID_UTF8');
    expect(await openCode(await forged(replaced('audit.jsonl', Buffer.from('{"seq":1\n'))))).toBe(
      'INVALID_JSON',
    );
    expect(await openCode(await forged(replaced('audit.jsonl', Buffer.from('{}'))))).toBe(
      'INVALID_JSON',
    );
  });

  it('records that violate the schema, repeat an id, or contradict the counts', async () => {
    const incidents = body.find((entry) => entry.name === 'incidents.jsonl')!.data.toString();
    const [first, second] = incidents.trimEnd().split('\n') as [string, string];
    const broken = { ...(JSON.parse(first) as object), violations: ['torture-by-typo'] };
    const badLines = `${canonicalJson(broken)}\n${second}\n`;
    expect(await openCode(await forged(replaced('incidents.jsonl', Buffer.from(badLines))))).toBe(
      'RECORD_INVALID',
    );
    const repeated = `${first}\n${first}\n`;
    expect(await openCode(await forged(replaced('incidents.jsonl', Buffer.from(repeated))))).toBe(
      'RECORD_INVALID',
    );
    const fewer = `${first}\n`;
    expect(await openCode(await forged(replaced('incidents.jsonl', Buffer.from(fewer))))).toBe(
      'COUNT_MISMATCH',
    );
  });

  it('lineage out of order, naming a record the bundle lacks, or miscounted', async () => {
    const lineage = body.find((entry) => entry.name === 'lineage.jsonl')!.data.toString();
    const [first, second] = lineage.trimEnd().split('\n') as [string, string];
    const swapped = `${second}\n${first}\n`;
    expect(await openCode(await forged(replaced('lineage.jsonl', Buffer.from(swapped))))).toBe(
      'RECORD_INVALID',
    );
    const repeated = `${first}\n${first}\n`;
    expect(await openCode(await forged(replaced('lineage.jsonl', Buffer.from(repeated))))).toBe(
      'RECORD_INVALID',
    );
    const stranger = {
      ...(JSON.parse(first) as object),
      id: '0190a0a0-0000-7000-8000-000000000000',
    };
    const planted = `${canonicalJson(stranger)}\n${second}\n`;
    expect(await openCode(await forged(replaced('lineage.jsonl', Buffer.from(planted))))).toBe(
      'RECORD_INVALID',
    );
    expect(await openCode(await forged(replaced('lineage.jsonl', Buffer.from(`${first}\n`))))).toBe(
      'COUNT_MISMATCH',
    );
    const withoutFile = body.filter((entry) => entry.name !== 'lineage.jsonl');
    expect(await openCode(await forged(withoutFile))).toBe('MANIFEST_INVALID');
  });

  it('an evidence file without a record, and a record whose file is absent', async () => {
    const stray = Buffer.from('stray');
    const strayName = `evidence/${createHash('sha256').update(stray).digest('hex')}.bin`;
    const withStray = [...body, { name: strayName, data: stray }].sort((a, b) =>
      a.name.startsWith('evidence/') && b.name.startsWith('evidence/')
        ? a.name < b.name
          ? -1
          : 1
        : 0,
    );
    expect(await openCode(await forged(withStray))).toBe('RECORD_INVALID');
    const withoutFile = body.filter((entry) => entry.name !== body.at(-1)!.name);
    expect(await openCode(await forged(withoutFile))).toBe('RECORD_INVALID');
  });
});

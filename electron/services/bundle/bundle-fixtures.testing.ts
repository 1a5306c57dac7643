import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { newId } from '../../../src/domain/ids';
import { emptyIncidentBody } from '../../../src/domain/incident';
import { encrypt, generateX25519Identity, type X25519Identity } from '../age';
import { generateVaultKeys } from '../vault/key-file';
import { MANIFEST_NAME, SIGNATURE_NAME } from './entry-names';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  manifestBytes,
  signManifest,
  type BundleManifest,
  type BundleSender,
  type ManifestEntry,
} from './manifest';
import { readTar } from './tar-reader';
import { writeTar } from './tar-writer';
import { writeBundle, type WriteBundleOptions, type WriteBundleResult } from './write-bundle';

/** Test helper: keys, records and evidence files for bundles, in a temporary folder. */

export interface SenderKeys {
  signingSeed: Buffer;
  sender: BundleSender;
  identity: X25519Identity;
}

export function newSender(name = 'Monitor in Osh'): SenderKeys {
  const keys = generateVaultKeys();
  return {
    signingSeed: keys.signingSeed,
    identity: { identity: keys.ageIdentity, recipient: keys.ageRecipient },
    sender: {
      deviceId: keys.deviceId,
      name,
      signingPublicKey: keys.signingPublicKey.toString('base64'),
      ageRecipient: keys.ageRecipient,
    },
  };
}

export interface EvidenceFixture {
  sha256: string;
  path: string;
  bytes: Buffer;
  mime: string;
}

export interface RecordsFixture {
  incidents: Record<string, unknown>[];
  actors: Record<string, unknown>[];
  evidence: Record<string, unknown>[];
  audit: Record<string, unknown>[];
  /** lineage.jsonl lines; the bundle leaves the file out when this is absent. */
  lineage?: Record<string, unknown>[];
  files: EvidenceFixture[];
}

export async function makeTempDir(prefix = 'depter-bundle-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/**
 * Two incidents (one with a `|` and a comma in its title, one deleted), an
 * actor, an evidence file per given size and an audit entry per record.
 */
export async function makeRecords(
  directory: string,
  deviceId: string,
  evidenceSizes: number[] = [1000, 70_000],
): Promise<RecordsFixture> {
  const now = new Date().toISOString();
  const sync = (changeSeq: number) => ({
    id: newId(),
    rev: 1,
    updatedAt: now,
    updatedBy: deviceId,
    changeSeq,
    deleted: false,
  });
  const actor = {
    ...sync(1),
    kind: 'person',
    name: 'Айгүл Асанова',
    nameVariants: ['Aigul Asanova'],
    defaultRole: 'journalist',
    affiliation: 'Kloop',
    description: '',
    notes: '',
  };
  const mimes = ['video/mp4', 'image/jpeg', 'application/pdf', 'application/x-unknown'];
  const files: EvidenceFixture[] = [];
  for (const [index, size] of evidenceSizes.entries()) {
    const bytes = pseudoRandomBytes(size, 1000 + index);
    const sha256 = sha256Hex(bytes);
    const path = join(directory, `stored-${index}`);
    await writeFile(path, bytes);
    files.push({ sha256, path, bytes, mime: mimes[index % mimes.length]! });
  }
  const incident = {
    ...sync(2),
    ...emptyIncidentBody(),
    title: 'Задержание на площади Ала-Тоо | митинг, 105 человек',
    summary: '=SUM(A1) "Кудайберген" заявил',
    categories: ['assembly', 'expression'],
    violations: ['detention', 'forced_dispersal'],
    date: { precision: 'day', start: '2022-03-05', end: '' },
    location: { region: 'bishkek', settlement: 'Бишкек', place: 'Ала-Тоо', coordinates: null },
    victims: [{ actorId: actor.id, role: 'journalist', note: '' }],
    groups: [{ outcome: 'detained', count: 105, qualifier: 'exact', description: '' }],
    sources: [
      {
        type: 'media',
        reference: 'https://kloop.kg/a|b',
        reliability: 'high',
        consent: 'unknown',
        date: '',
      },
      {
        type: 'eyewitness',
        reference: '@witness',
        reliability: 'medium',
        consent: 'given',
        date: '',
      },
    ],
    status: 'complete',
    evidenceIds: [] as string[],
  };
  const evidence = files.map((file, index) => ({
    ...sync(3 + index),
    sha256: file.sha256,
    size: file.bytes.length,
    mime: file.mime,
    originalName: `file-${index}`,
    modifiedAt: '',
    attachedAt: now,
    attachedBy: deviceId,
    caption: 'Видео с места событий',
    incidentIds: [incident.id],
  }));
  incident.evidenceIds = evidence.map((record) => record.id);
  const tombstone = { ...sync(10), deleted: true };
  const incidents = [incident, tombstone];
  const audit = [...incidents, actor].map((record, index) => ({
    seq: index + 1,
    at: now,
    device: deviceId,
    action: record.deleted ? 'delete' : 'create',
    table: 'kind' in record ? 'actors' : 'incidents',
    recordId: record.id,
    rev: 1,
    recordHash: sha256Hex(canonicalJson(record)),
    changed: [],
    prevHash: '0'.repeat(64),
    hash: sha256Hex(`entry ${index}`),
  }));
  // The incident and the actor each descend from an earlier revision made elsewhere.
  const lineage = [
    { table: 'actors', id: actor.id, hashes: [sha256Hex(`earlier ${actor.id}`)] },
    { table: 'incidents', id: incident.id, hashes: [sha256Hex(`earlier ${incident.id}`)] },
  ];
  return { incidents, actors: [actor], evidence, audit, lineage, files };
}

export function evidenceSourceFor(
  files: readonly EvidenceFixture[],
): WriteBundleOptions['evidenceFiles'] {
  return (sha256) => {
    const file = files.find((candidate) => candidate.sha256 === sha256);
    if (!file) throw new Error(`no stored evidence ${sha256}`);
    return {
      size: file.bytes.length,
      open: () => createReadStream(file.path, { highWaterMark: 16 * 1024 }),
    };
  };
}

/** Writes a bundle of `records` from `keys` to the given recipients. */
export async function writeFixtureBundle(
  keys: SenderKeys,
  records: RecordsFixture,
  outputPath: string,
  recipients: string[],
  extra: Partial<WriteBundleOptions> = {},
): Promise<WriteBundleResult> {
  return writeBundle({
    recipients,
    signingSeed: keys.signingSeed,
    sender: keys.sender,
    scope: { kind: 'full' },
    records: {
      incidents: records.incidents,
      actors: records.actors,
      evidence: records.evidence,
      audit: records.audit,
      ...(records.lineage ? { lineage: records.lineage } : {}),
    },
    evidenceFiles: evidenceSourceFor(records.files),
    outputPath,
    ...extra,
  });
}

export { generateX25519Identity };

export interface ForgedEntry {
  name: string;
  data: Buffer;
}

/** A manifest listing `entries` with their true sizes and hashes, with counts from the records given. */
export function manifestFor(
  keys: SenderKeys,
  entries: readonly ForgedEntry[],
  counts: Partial<BundleManifest['counts']> = {},
): BundleManifest {
  const listed: ManifestEntry[] = entries.map((entry) => ({
    name: entry.name,
    size: entry.data.length,
    sha256: sha256Hex(entry.data),
  }));
  const files = listed.filter((entry) => entry.name.startsWith('evidence/'));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    bundleId: newId(),
    createdAt: new Date().toISOString(),
    sender: keys.sender,
    scope: { kind: 'full' },
    counts: {
      incidents: 0,
      actors: 0,
      evidence: 0,
      audit: 0,
      evidenceFiles: files.length,
      evidenceBytes: files.reduce((sum, entry) => sum + entry.size, 0),
      ...counts,
    },
    entries: listed,
  };
}

/**
 * The first two tar entries of a bundle: `manifestBytes` (default: the
 * manifest's canonical bytes) and a signature by `keys` over `signedBytes`
 * (default: the same bytes). No end-of-archive marker.
 */
export async function signedHead(
  keys: SenderKeys,
  manifest: BundleManifest,
  override: { manifestBytes?: Buffer; signedBytes?: Buffer } = {},
): Promise<Buffer> {
  const bytes = override.manifestBytes ?? manifestBytes(manifest);
  const signature = signManifest(override.signedBytes ?? bytes, keys.signingSeed);
  return tarEntries(
    [
      { name: MANIFEST_NAME, data: bytes },
      { name: SIGNATURE_NAME, data: signature },
    ],
    false,
  );
}

/** Entries as our tar writer lays them out, with or without the end-of-archive marker. */
export async function tarEntries(entries: readonly ForgedEntry[], withEnd = true): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of writeTar(
    entries.map((entry) => ({ name: entry.name, size: entry.data.length, data: entry.data })),
    0,
  )) {
    parts.push(part);
  }
  const all = Buffer.concat(parts);
  return withEnd ? all : all.subarray(0, all.length - 1024);
}

/** The entries of a plain tar, in order. */
export async function untar(tar: Buffer): Promise<ForgedEntry[]> {
  const entries: ForgedEntry[] = [];
  async function* once(): AsyncGenerator<Buffer> {
    yield tar;
  }
  for await (const entry of readTar(once(), {
    isAllowedFile: () => true,
    isAllowedDirectory: () => true,
  })) {
    const parts: Buffer[] = [];
    for await (const part of entry.body) parts.push(part);
    entries.push({ name: entry.name, data: Buffer.concat(parts) });
  }
  return entries;
}

/** Encrypts a payload to `recipient` and writes it as a bundle file. */
export async function writeSealed(path: string, payload: Buffer, recipient: string): Promise<void> {
  await writeFile(path, await encrypt(payload, { recipients: [recipient] }));
}

/** A source of numbers in [0, 1), e.g. scripts/seeded-random's, so a failing case reproduces. */
export type Random = () => number;
const below = (random: Random, n: number) => Math.floor(random() * n);

/** One random mutation (flip, cut, insert, delete, overwrite); always returns bytes different from the input. */
export function mutateBytes(input: Buffer, random: Random): { bytes: Buffer; kind: string } {
  const position = below(random, input.length);
  switch (below(random, 5)) {
    case 0: {
      const bytes = Buffer.from(input);
      bytes[position] = bytes[position]! ^ (1 + below(random, 255));
      return { bytes, kind: `flip@${position}` };
    }
    case 1:
      return { bytes: input.subarray(0, position), kind: `cut@${position}` };
    case 2: {
      const inserted = Buffer.from(
        Array.from({ length: 1 + below(random, 16) }, () => below(random, 256)),
      );
      return {
        bytes: Buffer.concat([input.subarray(0, position), inserted, input.subarray(position)]),
        kind: `insert${inserted.length}@${position}`,
      };
    }
    case 3: {
      const length = 1 + below(random, 64);
      return {
        bytes: Buffer.concat([input.subarray(0, position), input.subarray(position + length)]),
        kind: `delete${length}@${position}`,
      };
    }
    default: {
      const bytes = Buffer.from(input);
      const length = Math.min(1 + below(random, 32), bytes.length - position);
      for (let index = 0; index < length; index++) bytes[position + index] = below(random, 256);
      if (bytes.equals(input)) bytes[position] = bytes[position]! ^ 0xff;
      return { bytes, kind: `overwrite${length}@${position}` };
    }
  }
}

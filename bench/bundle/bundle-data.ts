import { createHash, randomFillSync } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../src/domain/canonical-json';
import { newId } from '../../src/domain/ids';
import {
  ACTORS_NAME,
  AUDIT_NAME,
  CSV_NAME,
  EVIDENCE_DIRECTORY,
  EVIDENCE_RECORDS_NAME,
  evidenceFileName,
  INCIDENTS_NAME,
} from '../../electron/services/bundle/entry-names';
import { incidentsCsv } from '../../electron/services/bundle/incidents-csv';
import {
  actorLineSchema,
  auditLineSchema,
  encodeJsonl,
  evidenceLineSchema,
  incidentLineSchema,
} from '../../electron/services/bundle/records';
import { deriveEvidenceNamingKey } from '../../electron/services/evidence/evidence-layout';
import { EvidenceStore } from '../../electron/services/evidence/evidence-store';
import { generateVaultKeys, type VaultKeys } from '../../electron/services/vault/key-file';
import { generateActors, generateIncident, type ActorRef } from '../page/generate';
import { Random } from '../page/random';

const MIB = 1024 * 1024;
const SEED = 20_261_204;

/** A device's vault session keys as JSON (the bench's children rebuild them). */
export interface SerializedSessionKeys {
  deviceId: string;
  recordsKeyHex: string;
  ageRecipient: string;
  ageIdentity: string;
  signingSeedHex: string;
  signingPublicKeyHex: string;
}

/** Everything a child process needs to export or import, as JSON. */
export interface BenchSetup {
  /** The sender's evidence store, filled by the setup. */
  storeDir: string;
  senderName: string;
  records: {
    incidents: Record<string, unknown>[];
    actors: Record<string, unknown>[];
    evidence: Record<string, unknown>[];
    audit: Record<string, unknown>[];
    lineage: Record<string, unknown>[];
  };
  device: SerializedSessionKeys;
  /** The receiving device: the bundle is addressed to it, and it imports. */
  partner: SerializedSessionKeys;
  evidenceFiles: number;
  evidenceBytes: number;
}

function serialized(keys: VaultKeys): SerializedSessionKeys {
  return {
    deviceId: keys.deviceId,
    recordsKeyHex: keys.recordsKey.toString('hex'),
    ageRecipient: keys.ageRecipient,
    ageIdentity: keys.ageIdentity,
    signingSeedHex: keys.signingSeed.toString('hex'),
    signingPublicKeyHex: keys.signingPublicKey.toString('hex'),
  };
}

export interface DataSize {
  incidents: number;
  actors: number;
  /** Sizes of the evidence files in bytes. */
  evidenceSizes: number[];
}

/** `gib` GiB in 128 MiB files, plus four small files as real evidence has (photos, a document). */
export function evidenceSizesFor(gib: number, bigFileMiB = 128): number[] {
  const big = Math.max(1, Math.round((gib * 1024) / bigFileMiB));
  return [
    ...Array.from({ length: big }, () => bigFileMiB * MIB),
    300,
    180_000,
    2 * MIB + 17,
    5 * MIB - 3,
  ];
}

/** Random content written in 8 MiB pieces; returns nothing, the store hashes it. */
async function writeRandomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'wx');
  const piece = Buffer.allocUnsafe(8 * MIB);
  try {
    for (let written = 0; written < size; written += piece.length) {
      const part = piece.subarray(0, Math.min(piece.length, size - written));
      randomFillSync(part);
      await handle.write(part);
    }
  } finally {
    await handle.close();
  }
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Generates the records, stores the evidence in a real EvidenceStore (each
 * file attached and committed as the app does) and, when `plaintextDir` is
 * given, keeps the same plaintext files and the JSONL/CSV files there for
 * the `tar | age` reference. Untimed.
 */
export async function prepareBenchData(
  workDir: string,
  size: DataSize,
  plaintextDir: string | undefined,
  log: (message: string) => void,
): Promise<BenchSetup> {
  const random = new Random(SEED);
  const device = generateVaultKeys();
  const partner = generateVaultKeys();
  // The naming key the app derives from the records key, so the handlers find the files.
  const keys = {
    ageIdentity: device.ageIdentity,
    ageRecipient: device.ageRecipient,
    namingKey: deriveEvidenceNamingKey(device.recordsKey),
  };
  const now = new Date().toISOString();
  let changeSeq = 0;
  const sync = () => ({
    id: newId(),
    rev: 1,
    updatedAt: now,
    updatedBy: device.deviceId,
    changeSeq: ++changeSeq,
    deleted: false,
  });

  const actors = generateActors(random, size.actors).map((body) => ({ ...sync(), ...body }));
  const refs: ActorRef[] = actors.map((actor) => ({
    id: actor.id,
    name: actor.name,
    kind: actor.kind,
  }));
  const incidents: Record<string, unknown>[] = Array.from({ length: size.incidents }, () => ({
    ...sync(),
    ...generateIncident(random, refs),
  }));

  await mkdir(workDir, { recursive: true });
  const storeDir = join(workDir, 'store');
  const store = new EvidenceStore({ directory: storeDir });
  if (plaintextDir) await mkdir(join(plaintextDir, EVIDENCE_DIRECTORY), { recursive: true });
  const evidence: Record<string, unknown>[] = [];
  for (const [index, bytes] of size.evidenceSizes.entries()) {
    const source = join(workDir, `source-${index}.bin`);
    await writeRandomFile(source, bytes);
    const facts = await store.attach(source, keys);
    await store.commit(facts.sha256, keys);
    // Spread over the register: every evidence file belongs to a different incident.
    const incident = incidents[Math.floor((index * incidents.length) / size.evidenceSizes.length)]!;
    const record = {
      ...sync(),
      sha256: facts.sha256,
      size: facts.size,
      mime: facts.mime,
      originalName: `VID_${String(index).padStart(4, '0')}.bin`,
      modifiedAt: facts.modifiedAt,
      attachedAt: now,
      attachedBy: device.deviceId,
      caption: 'Видео с места событий',
      incidentIds: [incident.id as string],
    };
    incident.evidenceIds = [...(incident.evidenceIds as string[]), record.id];
    evidence.push(record);
    if (plaintextDir) {
      await rename(source, join(plaintextDir, evidenceFileName(facts.sha256, facts.mime)));
    } else {
      await rm(source);
    }
    log(
      `evidence ${index + 1}/${size.evidenceSizes.length} stored (${(bytes / MIB).toFixed(1)} MiB)`,
    );
  }

  let previous = '0'.repeat(64);
  const audit = [
    ...actors.map((record) => ({ table: 'actors' as const, record })),
    ...evidence.map((record) => ({ table: 'evidence' as const, record })),
    ...incidents.map((record) => ({ table: 'incidents' as const, record })),
  ].map(({ table, record }, index) => {
    const recordHash = sha256Hex(canonicalJson(record));
    const hash = sha256Hex(`${previous}${recordHash}`);
    const line = {
      seq: index + 1,
      at: now,
      device: device.deviceId,
      action: 'create',
      table,
      recordId: record.id,
      rev: 1,
      recordHash,
      changed: [],
      prevHash: previous,
      hash,
    };
    previous = hash;
    return line;
  });

  const records = { incidents, actors, evidence, audit, lineage: [] };
  if (plaintextDir) await writeDataFiles(plaintextDir, records);
  return {
    storeDir,
    senderName: 'Monitor in Osh',
    records,
    device: serialized(device),
    partner: serialized(partner),
    evidenceFiles: evidence.length,
    evidenceBytes: size.evidenceSizes.reduce((sum, bytes) => sum + bytes, 0),
  };
}

/** The same JSONL and CSV a bundle carries, as plain files for the reference tar. */
async function writeDataFiles(directory: string, records: BenchSetup['records']): Promise<void> {
  const incidents = encodeJsonl(records.incidents, incidentLineSchema, INCIDENTS_NAME);
  const actors = encodeJsonl(records.actors, actorLineSchema, ACTORS_NAME);
  const evidence = encodeJsonl(records.evidence, evidenceLineSchema, EVIDENCE_RECORDS_NAME);
  const audit = encodeJsonl(records.audit, auditLineSchema, AUDIT_NAME);
  const shaById = new Map(evidence.records.map((record) => [record.id, record.sha256]));
  await writeFile(join(directory, INCIDENTS_NAME), incidents.bytes);
  await writeFile(join(directory, ACTORS_NAME), actors.bytes);
  await writeFile(join(directory, AUDIT_NAME), audit.bytes);
  await writeFile(join(directory, EVIDENCE_RECORDS_NAME), evidence.bytes);
  await writeFile(
    join(directory, CSV_NAME),
    incidentsCsv(incidents.records, actors.records, shaById, 'ru'),
  );
}

/** The names `tar -c` takes, in the bundle's order: the data files, then the evidence folder. */
export const PLAINTEXT_TAR_NAMES = [
  INCIDENTS_NAME,
  ACTORS_NAME,
  AUDIT_NAME,
  EVIDENCE_RECORDS_NAME,
  CSV_NAME,
  EVIDENCE_DIRECTORY,
];

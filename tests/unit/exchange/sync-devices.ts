// For specs only: devices (each its own database, device id and records key)
// passing records to each other through the real bundle line encoding.
import type { ZodType } from 'zod';
import {
  actorLineSchema,
  encodeJsonl,
  evidenceLineSchema,
  incidentLineSchema,
  parseJsonl,
} from '../../../electron/services/bundle/records';
import { newId } from '../../../src/domain/ids';
import {
  EXCHANGE_TABLES,
  lineageLineSchema,
  type ExchangeTable,
} from '../../../src/domain/exchange';
import { recordHash, type HashedRecord } from '../../../src/db/audit-chain';
import type { IncomingBundle } from '../../../src/db/incoming-bundle';
import { lineageKey, openLineage, sealLineage } from '../../../src/db/lineage-store';
import { recordAad, type RecordCodec } from '../../../src/db/record-codec';
import type { Repository } from '../../../src/db/repository-types';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  withRawDatabase,
  type TestDatabase,
} from '../../../src/db/test-repository';

export interface TestDevice {
  name: string;
  deviceId: string;
  database: TestDatabase;
  codec: RecordCodec;
  repo: Repository;
}

export async function openTestDevice(name: string): Promise<TestDevice> {
  const database = freshTestDatabase();
  const codec = await newTestCodec();
  const deviceId = newId();
  const repo = await openTestRepository(database, { codec, deviceId });
  return { name, deviceId, database, codec, repo };
}

/** A record revision exactly as stored, opened, with its recordHash. */
export interface StoredRevision extends HashedRecord {
  table: ExchangeTable;
  changeSeq: number;
  hash: string;
}

/** Every record of the device, tombstones included, sorted by table and id. */
export async function storedRevisions(device: TestDevice): Promise<StoredRevision[]> {
  const rows = await withRawDatabase(device.database, async (db) =>
    Promise.all(
      EXCHANGE_TABLES.map(async (table) =>
        (await db[table].toArray()).map((row) => ({ table, row })),
      ),
    ),
  );
  const revisions = await Promise.all(
    rows.flat().map(async ({ table, row }) => {
      const body = row.deleted ? null : await device.codec.open(row.body, recordAad(table, row.id));
      const revision: HashedRecord = {
        id: row.id,
        rev: row.rev,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
        deleted: row.deleted,
        body,
      };
      return { ...revision, table, changeSeq: row.changeSeq, hash: recordHash(revision) };
    }),
  );
  return revisions.sort((a, b) => `${a.table}:${a.id}`.localeCompare(`${b.table}:${b.id}`));
}

/** What two devices must agree on after syncing: everything but the local change counter. */
export async function sharedState(
  device: TestDevice,
): Promise<Omit<StoredRevision, 'changeSeq'>[]> {
  return (await storedRevisions(device)).map(({ changeSeq: _local, ...shared }) => shared);
}

export async function lineageOf(
  device: TestDevice,
  table: ExchangeTable,
  id: string,
): Promise<string[]> {
  const row = await withRawDatabase(device.database, (db) => db.lineage.get(lineageKey(table, id)));
  return row ? openLineage(device.codec, row) : [];
}

function lineOf(revision: StoredRevision): Record<string, unknown> {
  const sync = {
    id: revision.id,
    rev: revision.rev,
    updatedAt: revision.updatedAt,
    updatedBy: revision.updatedBy,
    changeSeq: revision.changeSeq,
    deleted: revision.deleted,
  };
  return revision.deleted ? sync : { ...(revision.body as object), ...sync };
}

/**
 * The bundle `from` would send: its records changed after `sinceChangeSeq`
 * (all by default; evidence tombstones are left out, their metadata is gone),
 * each line through encodeJsonl and parseJsonl, with lineages; the sent
 * hashes join the sender's lineages as an export does.
 */
export async function exportBundle(from: TestDevice, sinceChangeSeq = 0): Promise<IncomingBundle> {
  const revisions = (await storedRevisions(from)).filter(
    (revision) =>
      revision.changeSeq > sinceChangeSeq && !(revision.table === 'evidence' && revision.deleted),
  );
  const lineage = await Promise.all(
    revisions.map(async (revision) => ({
      table: revision.table,
      id: revision.id,
      hashes: await lineageOf(from, revision.table, revision.id),
    })),
  );
  const schemas: Record<ExchangeTable, ZodType> = {
    incidents: incidentLineSchema,
    actors: actorLineSchema,
    evidence: evidenceLineSchema,
  };
  const through = (table: ExchangeTable): unknown[] => {
    const lines = revisions.filter((revision) => revision.table === table).map(lineOf);
    const { bytes } = encodeJsonl(lines, schemas[table], `${table}.jsonl`);
    return parseJsonl(bytes, schemas[table], `${table}.jsonl`);
  };
  const lineageLines = lineage.filter((line) => line.hashes.length > 0);
  const records = {
    incidents: through('incidents'),
    actors: through('actors'),
    evidence: through('evidence'),
    lineage: parseJsonl(
      encodeJsonl(lineageLines, lineageLineSchema, 'lineage.jsonl').bytes,
      lineageLineSchema,
      'lineage.jsonl',
    ),
  };
  const sealed = await Promise.all(
    revisions.map(async (revision, index) => {
      const key = lineageKey(revision.table, revision.id);
      return sealLineage(from.codec, key, [...(lineage[index]?.hashes ?? []), revision.hash]);
    }),
  );
  await withRawDatabase(from.database, (db) => db.lineage.bulkPut(sealed));
  return {
    bundleId: newId(),
    sender: { deviceId: from.deviceId, name: from.name, fingerprint: '12345 67890' },
    records,
    stagedFiles: [],
  };
}

export function highestChangeSeq(revisions: readonly StoredRevision[]): number {
  return revisions.reduce((highest, revision) => Math.max(highest, revision.changeSeq), 0);
}

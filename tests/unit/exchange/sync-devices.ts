// For specs only: devices (each its own database, device id and records key)
// passing records to each other through the real bundle line encoding.
import { afterEach } from 'vitest';
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
import { lineageKey, openLineage } from '../../../src/db/lineage-store';
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
/** Opens devices for the tests of one spec file and closes them after each test. */
export function devicesClosedAfterEach(): (name: string) => Promise<TestDevice> {
  const opened: TestDevice[] = [];
  afterEach(() => {
    for (const device of opened.splice(0)) device.repo.close();
  });
  return async (name) => {
    const device = await openTestDevice(name);
    opened.push(device);
    return device;
  };
}

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

/**
 * The bundle `from` would send, as the export does it: collectExport (all
 * records, or those changed after `sinceChangeSeq`, evidence included),
 * each file's lines through encodeJsonl and parseJsonl, then markExported.
 */
export async function exportBundle(
  from: TestDevice,
  sinceChangeSeq?: number,
): Promise<IncomingBundle> {
  const collected = await from.repo.collectExport({
    scope: sinceChangeSeq === undefined ? { kind: 'full' } : { kind: 'since', sinceChangeSeq },
    includeEvidence: true,
  });
  const through = <T>(lines: readonly unknown[], schema: ZodType<T>, fileName: string): T[] =>
    parseJsonl(encodeJsonl(lines, schema, fileName).bytes, schema, fileName);
  const bundleId = newId();
  const bundle: IncomingBundle = {
    bundleId,
    sender: { deviceId: from.deviceId, name: from.name, fingerprint: '12345 67890' },
    records: {
      incidents: through(collected.records.incidents, incidentLineSchema, 'incidents.jsonl'),
      actors: through(collected.records.actors, actorLineSchema, 'actors.jsonl'),
      evidence: through(collected.records.evidence, evidenceLineSchema, 'evidence.jsonl'),
      lineage: through(collected.records.lineage, lineageLineSchema, 'lineage.jsonl'),
    },
    stagedFiles: [],
  };
  await from.repo.markExported({
    contactIds: [],
    bundleId,
    changeSeq: collected.changeSeq,
    sent: collected.sent,
  });
  return bundle;
}

export function highestChangeSeq(revisions: readonly StoredRevision[]): number {
  return revisions.reduce((highest, revision) => Math.max(highest, revision.changeSeq), 0);
}

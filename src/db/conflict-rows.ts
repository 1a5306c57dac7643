import { z } from 'zod';
import { HASH_HEX, type ExchangeTable } from '../domain/exchange';
import type { HashedRecord } from './audit-chain';
import type { RecordCodec } from './record-codec';
import type { StoredConflict } from './schema';

/**
 * A conflict at rest: the incoming revision that could not be merged, with
 * its lineage and where it came from, sealed; only the key, table, record id
 * and arrival time stay in clear.
 */
export interface ConflictPayload {
  revision: HashedRecord;
  /** The incoming revision's lineage (without its own hash). */
  lineage: string[];
  sender: { deviceId: string; name: string; fingerprint: string };
  bundleId: string;
}

const conflictPayloadSchema = z.object({
  revision: z.object({
    id: z.string(),
    rev: z.number().int().min(1),
    updatedAt: z.string(),
    updatedBy: z.string(),
    deleted: z.boolean(),
    body: z.unknown(),
  }),
  lineage: z.array(z.string().regex(HASH_HEX)),
  sender: z.object({ deviceId: z.string(), name: z.string(), fingerprint: z.string() }),
  bundleId: z.string(),
});

function conflictAad(key: string): string {
  return `conflicts:${key}`;
}

export async function sealConflict(
  codec: RecordCodec,
  table: ExchangeTable,
  payload: ConflictPayload,
  receivedAt: string,
): Promise<StoredConflict> {
  const key = `${table}:${payload.revision.id}`;
  return {
    key,
    table,
    recordId: payload.revision.id,
    receivedAt,
    payload: await codec.seal(payload, conflictAad(key)),
  };
}

/** Throws when the row does not open or does not hold a conflict. */
export async function openConflict(
  codec: RecordCodec,
  row: StoredConflict,
): Promise<ConflictPayload> {
  const opened = conflictPayloadSchema.parse(await codec.open(row.payload, conflictAad(row.key)));
  return { ...opened, revision: { ...opened.revision, body: opened.revision.body ?? null } };
}

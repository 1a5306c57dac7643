import { z } from 'zod';
import { HASH_HEX, type ExchangeTable } from '../domain/exchange';
import type { RecordCodec } from './record-codec';
import type { StoredLineage } from './schema';

/**
 * A record's lineage at rest (see src/domain/exchange.ts): the hashes of the
 * revisions its current one descends from, sealed, one row per record. Export
 * adds what it sends, import adds what it receives; local edits add nothing
 * (a revision that never left the device cannot come back).
 *
 * Callers read and write the rows inside their own transactions and seal or
 * open outside them, like every sealed value (see RecordCodec).
 */

const hashesSchema = z.array(z.string().regex(HASH_HEX)).max(1_000_000);

export function lineageKey(table: ExchangeTable, id: string): string {
  return `${table}:${id}`;
}

function lineageAad(key: string): string {
  return `lineage:${key}`;
}

/** Sorted and without repeats, so equal lineages are stored and compared alike. */
export function unionOfLineages(...parts: Iterable<string>[]): string[] {
  const all = new Set<string>();
  for (const part of parts) for (const hash of part) all.add(hash);
  return [...all].sort();
}

export async function sealLineage(
  codec: RecordCodec,
  key: string,
  hashes: Iterable<string>,
): Promise<StoredLineage> {
  const sorted = hashesSchema.parse(unionOfLineages(hashes));
  return { key, payload: await codec.seal(sorted, lineageAad(key)) };
}

/** The hashes of a stored row; throws when it does not open or is not a list of hashes. */
export async function openLineage(codec: RecordCodec, row: StoredLineage): Promise<string[]> {
  return hashesSchema.parse(await codec.open(row.payload, lineageAad(row.key)));
}

import type { Table } from 'dexie';

/**
 * Below this many keys a plain bulkGet is as cheap as anything else (a
 * conflict's resolution reads one record).
 */
const DIRECT_READ_BELOW = 64;

/**
 * Listing a table's keys costs about as much as getting this many rows per
 * key listed; past it, getting every key asked for is cheaper.
 */
const KEYS_LISTED_PER_ROW_SAVED = 4;

/**
 * The rows stored under `keys`, in their order (undefined where none is),
 * as `table.bulkGet(keys)` answers. An import asks for every record it
 * brings, most of which this device does not have yet: one get per absent
 * key was a third of the merge (10,000 incidents into an empty store, read
 * and re-read inside the write transaction). When the table is small next to
 * the request, its keys are listed once and only the rows that exist are
 * read. Call inside a transaction over `table`, so the listing and the reads
 * see the same rows.
 */
export async function rowsByKey<Row>(table: Table<Row, string>, keys: readonly string[]) {
  if (keys.length < DIRECT_READ_BELOW) return table.bulkGet([...keys]);
  const stored = await table.count();
  if (stored === 0) return keys.map((): Row | undefined => undefined);
  if (stored > keys.length * KEYS_LISTED_PER_ROW_SAVED) return table.bulkGet([...keys]);
  const existing = new Set(await table.toCollection().primaryKeys());
  const present = keys.filter((key) => existing.has(key));
  const rows = await table.bulkGet(present);
  const byKey = new Map(present.map((key, index) => [key, rows[index]]));
  return keys.map((key) => byKey.get(key));
}

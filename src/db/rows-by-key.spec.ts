import { describe, expect, it } from 'vitest';
import type { DepterDatabase } from './database';
import { rowsByKey } from './rows-by-key';
import type { StoredLineage } from './schema';
import { freshTestDatabase, withRawDatabase } from './test-repository';

function row(key: string): StoredLineage {
  return { key, payload: { of: key } };
}

function keysOf(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}:${String(index).padStart(6, '0')}`);
}

/** What a plain bulkGet answers, the behaviour rowsByKey must keep on every path. */
async function bothWays(db: DepterDatabase, keys: string[]) {
  return db.transaction('r', db.lineage, async () => ({
    fast: await rowsByKey(db.lineage, keys),
    plain: await db.lineage.bulkGet(keys),
  }));
}

describe('rowsByKey', () => {
  it('answers undefined for every key of an empty table', async () => {
    await withRawDatabase(freshTestDatabase(), async (db) => {
      const keys = keysOf(500, 'incidents');
      const { fast, plain } = await bothWays(db, keys);
      expect(fast).toHaveLength(500);
      expect(fast.every((found) => found === undefined)).toBe(true);
      expect(fast).toEqual(plain);
    });
  });

  it('finds the rows that exist among many absent ones, in the order asked', async () => {
    await withRawDatabase(freshTestDatabase(), async (db) => {
      const keys = keysOf(400, 'incidents');
      // Some asked for, and some stored rows nobody asks about.
      await db.lineage.bulkPut([keys[3]!, keys[399]!, keys[150]!, 'actors:other'].map(row));
      const asked = [...keys].reverse();
      const { fast, plain } = await bothWays(db, asked);
      expect(fast).toEqual(plain);
      expect(fast[0]).toEqual(row(keys[399]!));
      expect(fast[asked.indexOf(keys[3]!)]).toEqual(row(keys[3]!));
      expect(fast.filter((found) => found !== undefined)).toHaveLength(3);
    });
  });

  it('reads every key directly when the table is much larger than the request', async () => {
    await withRawDatabase(freshTestDatabase(), async (db) => {
      const stored = keysOf(1_000, 'incidents');
      await db.lineage.bulkPut(stored.map(row));
      const asked = [...stored.slice(0, 100), ...keysOf(100, 'actors')];
      const { fast, plain } = await bothWays(db, asked);
      expect(fast).toEqual(plain);
      expect(fast.filter((found) => found !== undefined)).toHaveLength(100);
    });
  });

  it('answers few keys, repeated keys and no keys as bulkGet does', async () => {
    await withRawDatabase(freshTestDatabase(), async (db) => {
      await db.lineage.bulkPut([row('incidents:a')]);
      for (const asked of [[], ['incidents:a', 'incidents:b', 'incidents:a']]) {
        const { fast, plain } = await bothWays(db, asked);
        expect(fast).toEqual(plain);
      }
      const repeated = [...keysOf(100, 'incidents'), 'incidents:a', 'incidents:a'];
      const { fast, plain } = await bothWays(db, repeated);
      expect(fast).toEqual(plain);
      expect(fast.at(-1)).toEqual(row('incidents:a'));
    });
  });

  it('sees a row written earlier in the same write transaction', async () => {
    await withRawDatabase(freshTestDatabase(), async (db) => {
      const keys = keysOf(200, 'evidence');
      const found = await db.transaction('rw', db.lineage, async () => {
        await db.lineage.put(row(keys[42]!));
        return rowsByKey(db.lineage, keys);
      });
      expect(found[42]).toEqual(row(keys[42]!));
      expect(found.filter((item) => item !== undefined)).toHaveLength(1);
    });
  });
});

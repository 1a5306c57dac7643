import { describe, expect, it } from 'vitest';
import { verifyAuditChain, parseAuditHead } from './audit-chain';
import { newId } from '../domain/ids';
import { appendToJournal, sameStoredValue, type JournalWrite } from './record-journal';
import { freshTestDatabase, withRawDatabase } from './test-repository';

function incidentWrite(index: number): JournalWrite {
  return {
    table: 'incidents',
    action: 'create',
    row: {
      id: newId(),
      rev: 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
      updatedBy: 'device-a',
      deleted: false,
      body: { title: `Запись ${index}` },
    },
    auditPayload: { sealed: `payload ${index}` },
  };
}

describe('appendToJournal over more writes than one slice', () => {
  it('stores every row with consecutive change sequences and one unbroken audit chain', async () => {
    const database = freshTestDatabase();
    const writes = Array.from({ length: 2_345 }, (_, index) => incidentWrite(index));
    const { rows, audit, head } = await withRawDatabase(database, async (db) => {
      await db.transaction('rw', [db.incidents, db.audit, db.meta], () =>
        appendToJournal(db, 'device-a', writes, '2026-01-02T00:00:00.000Z'),
      );
      return {
        rows: await db.incidents.orderBy('changeSeq').toArray(),
        audit: await db.audit.orderBy('seq').toArray(),
        head: parseAuditHead((await db.meta.get('auditHead'))?.value),
      };
    });
    expect(rows.map((row) => row.id)).toEqual(writes.map((write) => write.row.id));
    expect(rows.map((row) => row.changeSeq)).toEqual(writes.map((_, index) => index + 1));
    expect(audit.map((entry) => entry.recordId)).toEqual(writes.map((write) => write.row.id));
    expect(verifyAuditChain(audit, head)).toEqual({ ok: true, entries: writes.length });
  });

  it('writes nothing when a row of a later slice fails the transaction', async () => {
    const database = freshTestDatabase();
    const writes = Array.from({ length: 1_500 }, (_, index) => incidentWrite(index));
    const repeated = writes[1_200] as JournalWrite;
    writes.push({ ...repeated, row: { ...repeated.row } });
    const counts = await withRawDatabase(database, async (db) => {
      await expect(
        db.transaction('rw', [db.incidents, db.audit, db.meta], () =>
          appendToJournal(db, 'device-a', writes, '2026-01-02T00:00:00.000Z', { addOnly: true }),
        ),
      ).rejects.toThrow();
      return [await db.incidents.count(), await db.audit.count()];
    });
    // The first slice was stored before the failing one: the transaction takes it back.
    expect(counts).toEqual([0, 0]);
  });
});

describe('sameStoredValue on sealed bytes', () => {
  const box = (bytes: number[]) => ({ iv: new Uint8Array([1, 2, 3]), data: new Uint8Array(bytes) });

  it('finds equal boxes alike, also through a view into a larger buffer', () => {
    expect(sameStoredValue(box([9, 8, 7]), box([9, 8, 7]))).toBe(true);
    const bytes = new Uint8Array([0, 5, 6, 7]);
    expect(sameStoredValue(bytes.subarray(1), new Uint8Array([5, 6, 7]))).toBe(true);
  });

  it('tells boxes apart by their last byte or their length', () => {
    expect(sameStoredValue(box([9, 8, 7]), box([9, 8, 6]))).toBe(false);
    expect(sameStoredValue(box([9, 8, 7]), box([9, 8]))).toBe(false);
    expect(sameStoredValue(box([]), box([0]))).toBe(false);
  });
});

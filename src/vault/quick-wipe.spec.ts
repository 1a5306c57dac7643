import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { DELETE_DATABASE_TIMEOUT_MS, quickWipe } from './quick-wipe';

describe('quick wipe in the renderer', () => {
  it('closes its own connection, then asks main, then deletes the database', async () => {
    const order: string[] = [];
    const report = await quickWipe({
      wipeVault: () => {
        order.push('main');
        return Promise.resolve({ keyFileDestroyed: true, failedSteps: [] });
      },
      closeDatabase: () => order.push('close'),
      deleteDatabase: () => {
        order.push('delete');
        return Promise.resolve();
      },
    });
    expect(order).toEqual(['close', 'main', 'delete']);
    expect(report).toEqual({ keyFileDestroyed: true, failedSteps: [] });
  });

  it('deletes the database even when main failed, and reports both', async () => {
    let deleted = false;
    const report = await quickWipe({
      wipeVault: () => Promise.reject(new Error('ipc closed')),
      deleteDatabase: () => {
        deleted = true;
        return Promise.reject(new Error('blocked'));
      },
    });
    expect(deleted).toBe(true);
    expect(report).toEqual({ keyFileDestroyed: false, failedSteps: ['main', 'renderer-database'] });
  });

  it('does not let a query after main cleared the storage re-create the database', async () => {
    const name = `wipe-reopen-spec-${Date.now()}`;
    const db = new Dexie(name);
    db.version(1).stores({ notes: 'id' });
    await db.table('notes').put({ id: 'a', text: 'secret' });
    let recreated: boolean | undefined;
    const report = await quickWipe({
      closeDatabase: () => db.close(),
      wipeVault: async () => {
        await Dexie.delete(name); // main clearing the origin's storage
        // A timer in the UI querying right after must not bring the database back.
        await db
          .table('notes')
          .get('a')
          .catch(() => undefined);
        recreated = await Dexie.exists(name);
        return { keyFileDestroyed: true, failedSteps: [] };
      },
      deleteDatabase: () => Dexie.delete(name),
    });
    expect(recreated).toBe(false);
    expect(report.failedSteps).toEqual([]);
    expect(await Dexie.exists(name)).toBe(false);
  });

  it('counts a timed-out deletion as failed only if the database is really left over', async () => {
    const never = () => new Promise<void>(() => undefined);
    const steps = {
      wipeVault: () => Promise.resolve({ keyFileDestroyed: true, failedSteps: [] }),
      deleteDatabase: never,
    };
    vi.useFakeTimers();
    try {
      const gone = quickWipe({ ...steps, databaseExists: () => Promise.resolve(false) });
      const left = quickWipe({ ...steps, databaseExists: () => Promise.resolve(true) });
      await vi.advanceTimersByTimeAsync(DELETE_DATABASE_TIMEOUT_MS + 1);
      expect((await gone).failedSteps).toEqual([]);
      expect((await left).failedSteps).toEqual(['renderer-database']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('really removes an open Dexie database', async () => {
    const name = `wipe-spec-${Date.now()}`;
    const db = new Dexie(name);
    db.version(1).stores({ notes: 'id' });
    await db.table('notes').put({ id: 'a', text: 'secret' });
    const report = await quickWipe({
      wipeVault: () => Promise.resolve({ keyFileDestroyed: true, failedSteps: [] }),
      closeDatabase: () => db.close(),
      deleteDatabase: () => Dexie.delete(name),
    });
    expect(report.failedSteps).toEqual([]);
    expect(await Dexie.exists(name)).toBe(false);
  });
});

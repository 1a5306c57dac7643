import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { quickWipe } from './quick-wipe';

describe('quick wipe in the renderer', () => {
  it('asks main first, then closes and deletes the database', async () => {
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
    expect(order).toEqual(['main', 'close', 'delete']);
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

import { describe, expect, it } from 'vitest';
import { withRawDatabase } from '../../../src/db/test-repository';
import { sampleActorBody, sampleIncidentBody } from '../../../src/db/test-repository';
import { importChangedNothing } from '../../../src/domain/exchange';
import {
  exportBundle,
  highestChangeSeq,
  devicesClosedAfterEach,
  sharedState,
  storedRevisions,
  type TestDevice,
} from './sync-devices';

/**
 * Issue 5's sync tests: devices, each with its own database, device id and
 * records key, passing bundles built through the real JSONL line encoding.
 */

const device = devicesClosedAfterEach();

/** Every table as stored, to show that an import wrote nothing at all. */
function everyRow(target: TestDevice) {
  return withRawDatabase(target.database, async (db) =>
    Promise.all(
      [db.incidents, db.actors, db.evidence, db.audit, db.lineage, db.conflicts, db.meta].map(
        (table) => table.toArray(),
      ),
    ),
  );
}

/** A's first bundle, then A's edits (an update, a deletion, a new record) in a second bundle of the changes only. */
async function twoBundlesFromA() {
  const a = await device('A');
  const edited = await a.repo.createIncident(sampleIncidentBody({ title: 'Марш' }));
  const deleted = await a.repo.createIncident(sampleIncidentBody({ title: 'Суд' }));
  await a.repo.createActor(sampleActorBody());
  const first = await exportBundle(a);
  const watermark = highestChangeSeq(await storedRevisions(a));
  await a.repo.updateIncident(edited.id, sampleIncidentBody({ title: 'Марш: 105 задержаны' }), 1);
  await a.repo.deleteIncident(deleted.id);
  await a.repo.createIncident(sampleIncidentBody({ title: 'Блокировка сайта' }));
  const second = await exportBundle(a, watermark);
  expect(second.records.incidents).toHaveLength(3);
  return { a, first, second, edited, deleted };
}

describe('sync between devices', () => {
  it('importing the same bundle twice changes nothing the second time, and says so', async () => {
    const { first } = await twoBundlesFromA();
    const b = await device('B');
    const once = await b.repo.importBundle(first);
    expect(importChangedNothing(once.report)).toBe(false);
    const before = await everyRow(b);
    const twice = await b.repo.importBundle(first);
    expect(importChangedNothing(twice.report)).toBe(true);
    expect(twice.report.incidents.unchanged).toBe(2);
    expect(await everyRow(b)).toEqual(before);
  });

  it('ends in the same state whichever order the two bundles arrive in', async () => {
    const { a, first, second, deleted } = await twoBundlesFromA();
    const inOrder = await device('B');
    const reversed = await device('C');
    await inOrder.repo.importBundle(first);
    const applied = await inOrder.repo.importBundle(second);
    expect(applied.report.incidents).toEqual({ added: 1, updated: 2, unchanged: 0, conflicts: 0 });

    const early = await reversed.repo.importBundle(second);
    expect(early.report.incidents.added).toBe(3);
    const late = await reversed.repo.importBundle(first);
    expect(late.report.incidents).toEqual({ added: 0, updated: 0, unchanged: 2, conflicts: 0 });
    expect(late.report.actors.added).toBe(1);

    const expected = await sharedState(a);
    expect(await sharedState(inOrder)).toEqual(expected);
    expect(await sharedState(reversed)).toEqual(expected);
    // The tombstone travelled: the record is gone on both, as on A.
    expect(await inOrder.repo.getIncident(deleted.id)).toBeUndefined();
    expect(await reversed.repo.getIncident(deleted.id)).toBeUndefined();
    expect(expected.find((revision) => revision.id === deleted.id)?.deleted).toBe(true);
    for (const target of [inOrder, reversed]) {
      expect((await target.repo.verifyAudit()).ok).toBe(true);
    }
  });

  it('an old bundle imported after a newer one changes nothing', async () => {
    const { a, first, second } = await twoBundlesFromA();
    const b = await device('B');
    await b.repo.importBundle(first);
    await b.repo.importBundle(second);
    const before = await everyRow(b);
    expect(importChangedNothing((await b.repo.importBundle(first)).report)).toBe(true);
    expect(await everyRow(b)).toEqual(before);
    expect(await sharedState(b)).toEqual(await sharedState(a));
  });

  it('a concurrent edit on B becomes a conflict; B resolves and A fast-forwards to the resolution', async () => {
    const { a, first, second, edited } = await twoBundlesFromA();
    const b = await device('B');
    await b.repo.importBundle(first);
    await b.repo.updateIncident(edited.id, sampleIncidentBody({ title: 'Марш (правка Б)' }), 1);

    const { report } = await b.repo.importBundle(second);
    expect(report.incidents).toEqual({ added: 1, updated: 1, unchanged: 0, conflicts: 1 });
    const kept = await b.repo.getIncident(edited.id);
    expect(kept?.ok && kept.record.title).toBe('Марш (правка Б)');
    const [conflict] = await b.repo.listConflicts();
    expect(conflict?.recordId).toBe(edited.id);

    await b.repo.resolveConflict(`incidents:${edited.id}`, 'incoming');
    const resolved = await b.repo.getIncident(edited.id);
    expect(resolved?.ok && [resolved.record.title, resolved.record.rev]).toEqual([
      'Марш: 105 задержаны',
      3,
    ]);

    const back = await a.repo.importBundle(await exportBundle(b));
    expect(back.report.incidents).toEqual({ added: 0, updated: 1, unchanged: 2, conflicts: 0 });
    expect(await a.repo.listConflicts()).toEqual([]);
    expect(await sharedState(a)).toEqual(await sharedState(b));
    // And nothing comes back the other way.
    expect(importChangedNothing((await b.repo.importBundle(await exportBundle(a))).report)).toBe(
      true,
    );
  });

  it('A deleting a record B edited meanwhile is a conflict too, and keeping mine revives it everywhere', async () => {
    const { a, first, deleted } = await twoBundlesFromA();
    const b = await device('B');
    await b.repo.importBundle(first);
    await b.repo.updateIncident(deleted.id, sampleIncidentBody({ title: 'Суд: апелляция' }), 1);
    const { report } = await b.repo.importBundle(await exportBundle(a));
    expect(report.incidents.conflicts).toBe(1);
    const detail = await b.repo.getConflict(`incidents:${deleted.id}`);
    expect(detail?.incoming.deleted).toBe(true);
    expect(detail?.incomingBody).toBeNull();
    await b.repo.resolveConflict(`incidents:${deleted.id}`, 'local');
    await a.repo.importBundle(await exportBundle(b));
    const revived = await a.repo.getIncident(deleted.id);
    expect(revived?.ok && revived.record.title).toBe('Суд: апелляция');
    expect(await sharedState(a)).toEqual(await sharedState(b));
  });

  it('a bundle with one invalid record commits nothing', async () => {
    const { second } = await twoBundlesFromA();
    const b = await device('B');
    const broken = {
      ...second,
      records: {
        ...second.records,
        incidents: second.records.incidents.map((line, index) =>
          index === 2 ? { ...(line as object), rev: 0 } : line,
        ),
      },
    };
    const before = await everyRow(b);
    await expect(b.repo.importBundle(broken)).rejects.toThrow(/incidents line 3/);
    expect(await everyRow(b)).toEqual(before);
  });
});

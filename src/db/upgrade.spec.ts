import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, recordHash, sealAuditEntry } from './audit-chain';
import { createDatabase } from './database';
import type { AuditEntry } from './repository-types';
import { DatabaseTooNewError } from './repository';
import { CURRENT_SCHEMA_VERSION, SCHEMA_VERSIONS } from './schema';
import { freshTestDatabase, openTestRepository, sampleIncidentBody } from './test-repository';

const DEVICE = '01890a5d-ac96-7000-8000-000000000001';
const LIVE_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const TOMBSTONE_ID = '01890a5d-ac96-774b-bcce-b302099a8058';
const AT = '2025-05-01T08:00:00.000Z';

/** Rows as version 1 wrote them: no `deleted` flag, a tombstone is a null body. */
const v1Rows = [
  {
    id: LIVE_ID,
    rev: 1,
    updatedAt: AT,
    updatedBy: DEVICE,
    changeSeq: 1,
    body: sampleIncidentBody(),
  },
  { id: TOMBSTONE_ID, rev: 2, updatedAt: AT, updatedBy: DEVICE, changeSeq: 3, body: null },
];

function v1Audit(): AuditEntry[] {
  const steps = [
    { action: 'create', recordId: LIVE_ID, rev: 1, body: sampleIncidentBody() },
    { action: 'create', recordId: TOMBSTONE_ID, rev: 1, body: sampleIncidentBody() },
    { action: 'delete', recordId: TOMBSTONE_ID, rev: 2, body: null },
  ] as const;
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  steps.forEach((step, index) => {
    const entry = sealAuditEntry({
      seq: index + 1,
      at: AT,
      device: DEVICE,
      action: step.action,
      table: 'incidents',
      recordId: step.recordId,
      rev: step.rev,
      recordHash: recordHash({
        id: step.recordId,
        rev: step.rev,
        updatedAt: AT,
        updatedBy: DEVICE,
        deleted: step.body === null,
        body: step.body,
      }),
      changed: [],
      prevHash,
    });
    prevHash = entry.hash;
    entries.push(entry);
  });
  return entries;
}

describe('schema versions', () => {
  it('are declared oldest first with increasing numbers', () => {
    const numbers = SCHEMA_VERSIONS.map((version) => version.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(CURRENT_SCHEMA_VERSION).toBe(numbers.at(-1));
  });

  it('upgrade a version 1 database to the current one without losing anything', async () => {
    const database = freshTestDatabase();

    const v1 = createDatabase(database, SCHEMA_VERSIONS.slice(0, 1));
    await v1.open();
    expect(v1.tables.map((table) => table.name).sort()).toEqual([
      'actors',
      'audit',
      'incidents',
      'meta',
    ]);
    // Version 1 rows lack `deleted`; the declared row type has it, so write through the untyped table.
    await v1.table('incidents').bulkAdd(v1Rows);
    await v1.audit.bulkAdd(v1Audit());
    await v1.meta.bulkAdd([
      { key: 'deviceId', value: DEVICE },
      { key: 'changeSeq', value: 3 },
    ]);
    v1.close();

    const repository = await openTestRepository(database);
    try {
      expect(repository.deviceId).toBe(DEVICE);

      const listed = await repository.listIncidents();
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ ok: true, record: { id: LIVE_ID, deleted: false } });
      expect(await repository.getIncident(TOMBSTONE_ID)).toBeUndefined();

      const upgraded = createDatabase(database);
      await upgraded.open();
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION);
      expect(await upgraded.incidents.get(LIVE_ID)).toMatchObject({ deleted: false });
      expect(await upgraded.incidents.get(TOMBSTONE_ID)).toMatchObject({
        deleted: true,
        body: null,
      });
      const audit = v1Audit();
      expect((await upgraded.meta.get('auditHead'))?.value).toEqual({
        seq: 3,
        hash: audit[2]?.hash,
      });
      upgraded.close();

      // The audit chain written by version 1 still verifies, and new writes extend it.
      expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 3 });
      const created = await repository.createIncident(sampleIncidentBody({ title: 'After' }));
      expect(created.changeSeq).toBe(4);
      const entries = await repository.readAudit();
      expect(entries.at(-1)).toMatchObject({ seq: 4, prevHash: audit[2]?.hash });
      expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 4 });

      // The table version 2 added works.
      const draft = {
        id: LIVE_ID,
        kind: 'incident' as const,
        baseRev: 1,
        form: { title: 'typing…' },
        savedAt: AT,
      };
      await repository.saveDraft(draft);
      expect(await repository.getDraft(LIVE_ID)).toEqual(draft);
    } finally {
      repository.close();
    }
  });

  it('refuse a database from a newer version of the app instead of damaging it', async () => {
    const database = freshTestDatabase();
    const newer = createDatabase(database, [
      ...SCHEMA_VERSIONS,
      { version: CURRENT_SCHEMA_VERSION + 1, stores: { evidence: 'id' } },
    ]);
    await newer.open();
    newer.close();
    await expect(openTestRepository(database)).rejects.toBeInstanceOf(DatabaseTooNewError);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  chainAuditEntry,
  changedFields,
  hashStoredAuditEntry,
  recordHash,
  sealAuditEntry,
  sha256Hex,
  verifyAuditChain,
  type StoredAuditEntry,
} from './audit-chain';
import { createDatabase, type DepterDatabase } from './database';
import type { AuditEntry, Repository } from './repository-types';
import {
  freshTestDatabase,
  openTestRepository,
  sampleActorBody,
  sampleIncidentBody,
  type TestDatabase,
} from './test-repository';

const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

async function tamper(database: TestDatabase, work: (db: DepterDatabase) => Promise<unknown>) {
  const db = createDatabase(database);
  try {
    await db.open();
    await work(db);
  } finally {
    db.close();
  }
}

/** A repository with six audit entries from a mix of operations. */
async function repositoryWithHistory() {
  const database = freshTestDatabase();
  const repository = await openTestRepository(database);
  open.push(repository);
  const incident = await repository.createIncident(sampleIncidentBody()); // 1
  const actor = await repository.createActor(sampleActorBody()); // 2
  await repository.updateIncident(incident.id, sampleIncidentBody({ status: 'complete' }), 1); // 3
  const other = await repository.createIncident(sampleIncidentBody({ title: 'Другой' })); // 4
  await repository.deleteIncident(other.id); // 5
  await repository.updateActor(actor.id, sampleActorBody({ affiliation: 'BBC' }), 1); // 6
  return { database, repository, incident };
}

/** Recomputes an edited stored entry's own hash, as a forger would. */
function rehash(entry: StoredAuditEntry | AuditEntry): StoredAuditEntry | AuditEntry {
  if (!('payload' in entry)) return sealAuditEntry({ ...entry });
  const { seq, at, device, action, table, recordId, rev, payload, prevHash } = entry;
  return chainAuditEntry({ seq, at, device, action, table, recordId, rev, payload, prevHash });
}

const EDITED_PAYLOAD = { recordHash: '0'.repeat(64), changed: [] };

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('changedFields', () => {
  it('names top-level fields added, removed or changed, compared by value', () => {
    expect(
      changedFields(
        { title: 'a', location: { region: 'osh_city', place: '' }, notes: 'x', gone: 1 },
        { title: 'a', location: { place: '', region: 'bishkek' }, notes: 'x', added: [] },
      ),
    ).toEqual(['added', 'gone', 'location']);
    expect(changedFields({ a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } })).toEqual([]);
    expect(changedFields(undefined, { title: 'new' })).toEqual(['title']);
  });
});

describe('the audit log of a repository', () => {
  it('is a valid chain after a mix of creates, updates and deletes', async () => {
    const { database, repository } = await repositoryWithHistory();
    const entries = await repository.readAudit();
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(entries.map((entry) => entry.action)).toEqual([
      'create',
      'create',
      'update',
      'create',
      'delete',
      'update',
    ]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    const stored: unknown[] = [];
    await tamper(database, async (db) => stored.push(...(await db.audit.toArray())));
    stored.forEach((value, index) => {
      const entry = value as StoredAuditEntry;
      expect(entry.hash).toBe(hashStoredAuditEntry(entry));
      expect(entry.hash).toBe(entries[index]?.hash);
      if (index > 0) expect(entry.prevHash).toBe(entries[index - 1]?.hash);
    });
    expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 6 });
  });

  it('hashes each record revision exactly as it was stored', async () => {
    const { database, repository, incident } = await repositoryWithHistory();
    const entries = await repository.readAudit();
    await tamper(database, async (db) => {
      const stored = await db.incidents.get(incident.id);
      if (!stored) throw new Error('missing row');
      const lastForIncident = entries.filter((entry) => entry.recordId === incident.id).at(-1);
      expect(lastForIncident?.recordHash).toBe(recordHash(stored));
    });
  });

  it('survives reopening and keeps chaining from where it was', async () => {
    const { database, repository } = await repositoryWithHistory();
    repository.close();
    const reopened = await openTestRepository(database);
    open.push(reopened);
    await reopened.createIncident(sampleIncidentBody());
    expect(await reopened.verifyAudit()).toEqual({ ok: true, entries: 7 });
  });

  it('reports an edited entry as a broken hash at its seq', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, (db) =>
      db.audit.update(3, (entry) => {
        (entry as StoredAuditEntry).payload = EDITED_PAYLOAD;
      }),
    );
    expect(await repository.verifyAudit()).toEqual({
      ok: false,
      entries: 6,
      brokenAtSeq: 3,
      reason: 'hash',
    });
  });

  it('reports an edited entry whose hash was recomputed as a broken link at the next seq', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, async (db) => {
      const entry = await db.audit.get(2);
      if (!entry) throw new Error('missing entry');
      await db.audit.put(rehash({ ...entry, device: 'someone-else' }));
    });
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 3, reason: 'link' });
  });

  it('reports an edited last entry with a recomputed hash against the recorded head', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, async (db) => {
      const entry = await db.audit.get(6);
      if (!entry) throw new Error('missing entry');
      await db.audit.put(rehash({ ...entry, payload: EDITED_PAYLOAD }));
    });
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 6, reason: 'link' });
  });

  it('reports a removed entry as a gap in the sequence', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, (db) => db.audit.delete(4));
    expect(await repository.verifyAudit()).toEqual({
      ok: false,
      entries: 5,
      brokenAtSeq: 4,
      reason: 'sequence',
    });
  });

  it('reports entries removed from the end', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, (db) => db.audit.bulkDelete([5, 6]));
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 5, reason: 'sequence' });
  });

  it('reports a removed entry with the rest renumbered and re-hashed as a broken link', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, async (db) => {
      const entries = await db.audit.toArray();
      const kept = entries.filter((entry) => entry.seq !== 2);
      await db.audit.clear();
      await db.audit.bulkAdd(kept.map((entry, index) => rehash({ ...entry, seq: index + 1 })));
    });
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 2, reason: 'link' });
  });

  it('reports reordered entries as out of sequence', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, async (db) => {
      const [third, fourth] = await db.audit.bulkGet([3, 4]);
      if (!third || !fourth) throw new Error('missing entries');
      await db.audit.bulkPut([
        { ...fourth, seq: 3 },
        { ...third, seq: 4 },
      ]);
    });
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 3, reason: 'sequence' });
  });

  it('reports a malformed entry as a broken hash', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, async (db) => {
      const entry = await db.audit.get(5);
      if (!entry) throw new Error('missing entry');
      await db.audit.put({ ...entry, hash: 'not-a-hash' });
    });
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 5, reason: 'hash' });
  });

  it('reports a missing head when entries exist', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, (db) => db.meta.delete('auditHead'));
    expect(await repository.verifyAudit()).toMatchObject({ ok: false, reason: 'link' });
  });

  it('keeps a tampered-with gap visible after later writes', async () => {
    const { database, repository } = await repositoryWithHistory();
    await tamper(database, (db) => db.audit.delete(6));
    await repository.createIncident(sampleIncidentBody());
    const entries = await repository.readAudit();
    expect(entries.at(-1)?.seq).toBe(7);
    expect(await repository.verifyAudit()).toMatchObject({ brokenAtSeq: 6, reason: 'sequence' });
  });
});

describe('verifyAuditChain', () => {
  it('accepts an empty log without a head', () => {
    expect(verifyAuditChain([], undefined)).toEqual({ ok: true, entries: 0 });
  });
});

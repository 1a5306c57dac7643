import { describe, expect, it } from 'vitest';
import { recordHash } from './audit-chain';
import { plaintextCodec, type RecordCodec } from './record-codec';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  sampleIncidentBody,
  withRawDatabase,
} from './test-repository';

/** Stands in for issue 3's sealing codec: the body is stored as reversed JSON text, asynchronously. */
const reversingCodec: RecordCodec = {
  async seal(body) {
    await new Promise((resolve) => setTimeout(resolve, 1)); // like WebCrypto: a real task boundary
    return { sealed: [...JSON.stringify(body)].reverse().join('') };
  },
  async open(stored) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const sealed = (stored as { sealed?: unknown } | null)?.sealed;
    if (typeof sealed !== 'string') throw new Error('not sealed');
    return JSON.parse([...sealed].reverse().join('')) as unknown;
  },
};

describe('a record codec', () => {
  it('stores only what seal returns, reads through open, and hashes the plaintext', async () => {
    const database = freshTestDatabase();
    const repository = await openTestRepository(database, { codec: reversingCodec });
    try {
      const created = await repository.createIncident(sampleIncidentBody());
      const [batch] = await repository.createIncidents([sampleIncidentBody({ title: 'Batch' })]);
      const updated = await repository.updateIncident(
        created.id,
        sampleIncidentBody({ status: 'verified' }),
        1,
      );
      const stored = await withRawDatabase(database, (db) => db.incidents.get(created.id));
      if (!stored) throw new Error('missing row');
      expect(JSON.stringify(stored)).not.toContain('Бишкек');
      expect(stored.body).toHaveProperty('sealed');

      const loaded = await repository.getIncident(created.id);
      expect(loaded).toEqual({ ok: true, record: updated });
      expect((await repository.listIncidents()).map((l) => l.ok && l.record.title)).toContain(
        batch?.title,
      );

      const { id, rev, updatedAt, updatedBy, deleted } = updated;
      const body = sampleIncidentBody({ status: 'verified' });
      const audit = await repository.readAudit();
      expect(audit.at(-1)?.recordHash).toBe(
        recordHash({ id, rev, updatedAt, updatedBy, deleted, body }),
      );
      expect(audit.at(-1)?.changed).toEqual(['status']);
      expect(await repository.verifyAudit()).toEqual({ ok: true, entries: 3 });
    } finally {
      repository.close();
    }
  });

  it('a body that cannot be opened comes back as ok:false, not as an error', async () => {
    const database = freshTestDatabase();
    const repository = await openTestRepository(database, { codec: reversingCodec });
    try {
      const created = await repository.createIncident(sampleIncidentBody());
      await withRawDatabase(database, (db) =>
        db.incidents.update(created.id, { body: 'tampered' }),
      );
      const loaded = await repository.getIncident(created.id);
      expect(loaded).toMatchObject({ ok: false, id: created.id, rev: 1 });
      if (!loaded || loaded.ok) throw new Error('expected a damaged record');
      expect(loaded.problems).toEqual(['body: cannot be opened (not sealed)']);
    } finally {
      repository.close();
    }
  });

  it('an update retries when the row changed at the same rev while it was sealing', async () => {
    const database = freshTestDatabase();
    let interfere: (() => Promise<void>) | null = null;
    const codec: RecordCodec = {
      async seal(body, recordId) {
        const once = interfere;
        interfere = null;
        if (once) await once();
        return reversingCodec.seal(body, recordId);
      },
      open: reversingCodec.open,
    };
    const repository = await openTestRepository(database, { codec });
    try {
      const created = await repository.createIncident(sampleIncidentBody());
      // Another writer (an import) replaces the body at the same rev while we seal.
      interfere = async () => {
        const sealed = await reversingCodec.seal(sampleIncidentBody({ notes: 'imported' }), '');
        await withRawDatabase(database, (db) =>
          db.incidents.update(created.id, { body: sealed, updatedAt: '2030-01-01T00:00:00.000Z' }),
        );
      };
      const updated = await repository.updateIncident(
        created.id,
        sampleIncidentBody({ status: 'complete' }),
        1,
      );
      expect(updated.rev).toBe(2);
      // `changed` is computed against what was really stored before this write.
      expect((await repository.readAudit()).at(-1)?.changed).toEqual(['notes', 'status']);
    } finally {
      repository.close();
    }
  });
});

describe('sealing bytes', () => {
  const bytes = (): Uint8Array<ArrayBuffer> => new Uint8Array([0, 1, 2, 250, 255, 0x7b, 0x22]);

  it('the sealed codec seals bytes as they are, bound to where they are stored', async () => {
    const codec = await newTestCodec();
    const { sealBytes, openBytes } = codec;
    if (!sealBytes || !openBytes) throw new Error('the sealed codec has no byte methods');
    const stored = await sealBytes(bytes(), 'searchSnapshot:s:1');
    expect(codec.isSealed?.(stored)).toBe(true);
    // Nothing but the bytes, the IV and the tag: no JSON, no base64.
    expect((stored as { ct: Uint8Array }).ct).toHaveLength(bytes().length + 16);
    expect([...(await openBytes(stored, 'searchSnapshot:s:1'))]).toEqual([...bytes()]);
    await expect(openBytes(stored, 'searchSnapshot:s:2')).rejects.toThrow('authentication');
    await expect(openBytes('bytes?', 'searchSnapshot:s:1')).rejects.toThrow('not a sealed box');
    // The record body API still takes values, and is not fooled by a box of bytes.
    await expect(codec.open(stored, 'searchSnapshot:s:1')).rejects.toThrow();
    expect(await codec.open(await codec.seal({ a: [1] }, 'x'), 'x')).toEqual({ a: [1] });
  });

  it('the clear codec stores bytes as they are and refuses anything else as bytes', async () => {
    const { sealBytes, openBytes } = plaintextCodec;
    if (!sealBytes || !openBytes) throw new Error('the clear codec has no byte methods');
    const stored = await sealBytes(bytes(), 'x');
    expect([...(await openBytes(stored, 'x'))]).toEqual([...bytes()]);
    for (const bad of ['AAEC', [0, 1, 2], { 0: 0 }, null, new Uint16Array(2)]) {
      await expect(openBytes(bad, 'x')).rejects.toThrow(TypeError);
    }
  });
});

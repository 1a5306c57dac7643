import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../domain/canonical-json';
import { auditAad, hashStoredAuditEntry, hashedAuditText, sha256Hex } from './audit-chain';
import type { StoredAuditEntry } from './audit-chain';
import { newTestCodec } from './test-repository';

type Unhashed = Omit<StoredAuditEntry, 'hash'>;

/** What the chain has always hashed (docs/FORMAT.md): canonical JSON, byte arrays as {$bytes: hex}. */
function referenceText(entry: Unhashed): string {
  const hashable = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return { $bytes: bytesToHex(value) };
    if (Array.isArray(value)) return value.map(hashable);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, hashable(item)]));
    }
    return value;
  };
  const { seq, at, device, action, table, recordId, rev, payload, prevHash } = entry;
  return canonicalJson({
    seq,
    at,
    device,
    action,
    table,
    recordId,
    rev,
    payload: hashable(payload),
    prevHash,
  });
}

function seededBytes(seed: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

function entryWith(payload: unknown, overrides: Partial<Unhashed> = {}): Unhashed {
  return {
    seq: 42,
    at: '2026-12-04T17:00:00.000Z',
    device: '0190a5d2-7c1e-7b3a-9f00-00000000d001',
    action: 'update',
    table: 'incidents',
    recordId: '0190a5d2-7c1e-7b3a-9f00-000000000001',
    rev: 3,
    payload,
    prevHash: 'ab'.repeat(32),
    ...overrides,
  };
}

describe('the text an audit entry hash covers', () => {
  it('is the canonical JSON of the entry for real sealed payloads', async () => {
    const codec = await newTestCodec();
    for (let index = 0; index < 50; index++) {
      const target = { table: 'actors', recordId: `id-${index}`, rev: index, action: 'create' };
      const payload = await codec.seal(
        { recordHash: sha256Hex(String(index)), changed: index % 2 ? ['title'] : [] },
        auditAad(target),
      );
      const entry = entryWith(payload, { seq: index + 1, rev: index, recordId: target.recordId });
      expect(hashedAuditText(entry)).toBe(referenceText(entry));
      expect(hashStoredAuditEntry(entry)).toBe(sha256Hex(referenceText(entry)));
    }
  });

  it('is the same for boxes of any length, key order and text needing escapes', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const iv = seededBytes(seed, 12);
      const ct = seededBytes(seed * 7, seed % 5 === 0 ? 0 : seed * 3);
      const payload = seed % 2 ? { v: 1, iv, ct } : { ct, iv, v: 1 };
      const entry = entryWith(payload, {
        seq: seed,
        rev: seed % 3 === 0 ? 0 : seed * 1.5,
        at: seed % 4 === 0 ? 'line\nbreak "quoted" \\ слеш \u2028' : `2026-12-04T17:${seed}`,
        recordId: `record ${'é'.repeat(seed % 4)} ${String.fromCharCode(seed)}`,
        device: seed % 6 === 0 ? '' : 'device',
      });
      expect(hashedAuditText(entry)).toBe(referenceText(entry));
    }
  });

  it('is the same for every other payload shape', () => {
    const iv = seededBytes(3, 12);
    const ct = seededBytes(4, 40);
    const others: unknown[] = [
      { recordHash: 'cd'.repeat(32), changed: ['title', 'summary'] },
      { v: 1, iv, ct, extra: 'field' },
      { v: '1', iv, ct },
      { v: 1, iv: Array.from(iv), ct },
      { v: 1, iv, ct: Buffer.from(ct) },
      { v: 1, iv },
      [iv, ct],
      null,
      'plain text',
    ];
    const nullPrototype = Object.assign(Object.create(null) as Record<string, unknown>, {
      v: 1,
      iv,
      ct,
    });
    for (const payload of [...others, nullPrototype]) {
      const entry = entryWith(payload);
      expect(hashedAuditText(entry)).toBe(referenceText(entry));
    }
  });

  it('refuses what canonical JSON refuses instead of hashing something else', () => {
    const box = { v: 1, iv: seededBytes(1, 12), ct: seededBytes(2, 20) };
    expect(() => hashedAuditText(entryWith({ ...box, v: Number.NaN }))).toThrow();
    expect(() => hashedAuditText(entryWith(box, { rev: Number.POSITIVE_INFINITY }))).toThrow();
    expect(() => hashedAuditText(entryWith(box, { seq: Number.NaN }))).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { plaintextCodec } from './record-codec';
import { lineageKey, openLineage, sealLineage, unionOfLineages } from './lineage-store';
import { newTestCodec } from './test-repository';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const ID = '0190a5d2-7c1e-7b3a-9f00-000000000001';

describe('lineage rows', () => {
  it('stores hashes sorted and once, and opens them under the same key only', async () => {
    const codec = await newTestCodec();
    const key = lineageKey('incidents', ID);
    const row = await sealLineage(codec, key, [C, A, C, B]);
    expect(row.key).toBe(`incidents:${ID}`);
    expect(JSON.stringify(row.payload)).not.toContain(A);
    expect(await openLineage(codec, row)).toEqual([A, B, C]);
    await expect(openLineage(codec, { ...row, key: lineageKey('actors', ID) })).rejects.toThrow();
  });

  it('refuses something that is not a list of hashes, on the way in and out', async () => {
    await expect(sealLineage(plaintextCodec, 'incidents:x', ['not a hash'])).rejects.toThrow();
    await expect(
      openLineage(plaintextCodec, { key: 'incidents:x', payload: [A, 'XYZ'] }),
    ).rejects.toThrow();
  });

  it('unites lineages', () => {
    expect(unionOfLineages([B, A], [A], new Set([C]))).toEqual([A, B, C]);
    expect(unionOfLineages()).toEqual([]);
  });
});

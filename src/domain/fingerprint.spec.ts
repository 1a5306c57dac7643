import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintGroups, fingerprintOfSigningKey, signingKeyFingerprint } from './fingerprint';

/** The former main-process implementation on node:crypto, kept here as the reference. */
function nodeFingerprint(key: Uint8Array): string {
  const digest = createHash('sha256').update(key).digest();
  const groups: string[] = [];
  for (let group = 0; group < 6; group++) {
    groups.push(String(digest.readUIntBE(group * 5, 5) % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

const PINNED: [string, string][] = [
  ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', '34584 15407 68110 72389 41680 02623'],
  ['AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', '11590 49842 13307 78876 30539 70167'],
  ['//////////////////////////////////////////8=', '34607 90612 10243 71289 22807 63036'],
];

describe('signingKeyFingerprint', () => {
  it.each(PINNED)('pins the fingerprint of %s', (base64, expected) => {
    expect(fingerprintOfSigningKey(base64)).toBe(expected);
    expect(signingKeyFingerprint(Buffer.from(base64, 'base64'))).toBe(expected);
  });

  it('agrees with the node:crypto implementation on random keys', () => {
    for (let round = 0; round < 200; round++) {
      const key = randomBytes(32);
      expect(signingKeyFingerprint(key)).toBe(nodeFingerprint(key));
      expect(fingerprintOfSigningKey(key.toString('base64'))).toBe(nodeFingerprint(key));
    }
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => signingKeyFingerprint(new Uint8Array(31))).toThrow(RangeError);
    expect(() => signingKeyFingerprint(new Uint8Array(33))).toThrow(RangeError);
    expect(() => fingerprintOfSigningKey('AAAA')).toThrow();
    expect(() => fingerprintOfSigningKey('not base64 at all, not even close, nope!!=')).toThrow();
    expect(() => fingerprintOfSigningKey('')).toThrow();
  });

  it('splits into the six groups read aloud', () => {
    expect(fingerprintGroups('34584 15407 68110 72389 41680 02623')).toEqual([
      '34584',
      '15407',
      '68110',
      '72389',
      '41680',
      '02623',
    ]);
  });
});

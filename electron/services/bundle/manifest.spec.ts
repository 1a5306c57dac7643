import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { manifestFor, newSender } from './bundle-fixtures.testing';
import { BundleError } from './errors';
import {
  manifestBytes,
  parseManifest,
  signingKeyFingerprint,
  signManifest,
  verifyManifestSignature,
  type BundleManifest,
} from './manifest';

const keys = newSender();
const dataEntries = ['incidents.jsonl', 'audit.jsonl', 'evidence.jsonl', 'incidents.csv'].map(
  (name) => ({ name, data: Buffer.from(name) }),
);

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof BundleError) return error.code;
    throw error;
  }
  throw new Error('expected a BundleError');
}

function bytesOf(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

describe('signingKeyFingerprint', () => {
  it('is six groups of five digits taken from SHA-256 of the key', () => {
    const key = Buffer.alloc(32, 7);
    const digest = createHash('sha256').update(key).digest();
    const first = digest.readUIntBE(0, 5) % 100_000;
    const fingerprint = signingKeyFingerprint(key);
    expect(fingerprint).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(fingerprint.split(' ')[0]).toBe(String(first).padStart(5, '0'));
    expect(signingKeyFingerprint(key)).toBe(fingerprint);
  });

  it('differs for keys one bit apart, and refuses a key that is not 32 bytes', () => {
    const a = Buffer.alloc(32);
    const b = Buffer.alloc(32);
    b[31] = 1;
    expect(signingKeyFingerprint(a)).not.toBe(signingKeyFingerprint(b));
    expect(() => signingKeyFingerprint(Buffer.alloc(31))).toThrow(RangeError);
  });
});

describe('manifest signature', () => {
  const manifest = manifestFor(keys, dataEntries);
  const bytes = manifestBytes(manifest);
  const signature = signManifest(bytes, keys.signingSeed);

  it('verifies over the exact bytes only', () => {
    expect(verifyManifestSignature(bytes, signature, keys.sender.signingPublicKey)).toBe(true);
    const changed = Buffer.from(bytes);
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 1;
    expect(verifyManifestSignature(changed, signature, keys.sender.signingPublicKey)).toBe(false);
    expect(
      verifyManifestSignature(bytes, signature.subarray(1), keys.sender.signingPublicKey),
    ).toBe(false);
    expect(verifyManifestSignature(bytes, signature, newSender().sender.signingPublicKey)).toBe(
      false,
    );
  });
});

describe('parseManifest', () => {
  const manifest = manifestFor(keys, dataEntries);

  it('round-trips the canonical bytes', () => {
    expect(parseManifest(manifestBytes(manifest))).toEqual(manifest);
  });

  it('tells another format, a future version and invalid JSON apart', () => {
    expect(codeOf(() => parseManifest(bytesOf({ ...manifest, format: 'x' })))).toBe('NOT_A_BUNDLE');
    expect(codeOf(() => parseManifest(bytesOf({ ...manifest, version: 2 })))).toBe(
      'UNSUPPORTED_VERSION',
    );
    expect(codeOf(() => parseManifest(Buffer.from('[1]')))).toBe('MANIFEST_INVALID');
    expect(codeOf(() => parseManifest(Buffer.from([0x7b, 0xc3])))).toBe('MANIFEST_INVALID');
  });

  const invalid: [string, (m: BundleManifest) => unknown][] = [
    ['an unknown field', (m) => ({ ...m, extra: 1 })],
    ['a bundle id that is not UUIDv7', (m) => ({ ...m, bundleId: crypto.randomUUID() })],
    [
      'a signing key of the wrong length',
      (m) => ({ ...m, sender: { ...m.sender, signingPublicKey: 'AAAA' } }),
    ],
    [
      'an age recipient that is not one',
      (m) => ({ ...m, sender: { ...m.sender, ageRecipient: 'age1xyz' } }),
    ],
    ['scope since without a change sequence', (m) => ({ ...m, scope: { kind: 'since' } })],
    [
      'scope full with a change sequence',
      (m) => ({ ...m, scope: { kind: 'full', sinceChangeSeq: 3 } }),
    ],
    ['data files out of order', (m) => ({ ...m, entries: [...m.entries].reverse() })],
    ['a required data file missing', (m) => ({ ...m, entries: m.entries.slice(1) })],
    [
      'an entry name outside the allow-list',
      (m) => ({
        ...m,
        entries: [...m.entries, { name: 'x.txt', size: 1, sha256: '0'.repeat(64) }],
      }),
    ],
    [
      'an evidence file whose hash is not its name',
      (m) => ({
        ...m,
        counts: { ...m.counts, evidenceFiles: 1, evidenceBytes: 1 },
        entries: [
          ...m.entries,
          { name: `evidence/${'a'.repeat(64)}.mp4`, size: 1, sha256: 'b'.repeat(64) },
        ],
      }),
    ],
    [
      'evidence counts that do not match the entries',
      (m) => ({ ...m, counts: { ...m.counts, evidenceBytes: 5 } }),
    ],
  ];
  it.each(invalid)('refuses %s', (_, edit) => {
    expect(codeOf(() => parseManifest(bytesOf(edit(manifest))))).toBe('MANIFEST_INVALID');
  });

  it('refuses valid JSON that is not in canonical form', () => {
    expect(codeOf(() => parseManifest(Buffer.from(JSON.stringify(manifest, null, 1))))).toBe(
      'MANIFEST_INVALID',
    );
  });
});

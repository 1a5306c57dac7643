import { describe, expect, it } from 'vitest';
import type { Contact } from '../../domain/contact';
import {
  FAT32_VOLUME_BYTES,
  MESSENGER_VOLUME_BYTES,
  defaultBundleName,
  evidenceTotals,
  exportScopes,
  sinceWatermark,
  volumeBytes,
} from './export-options';

const BUNDLE_A = '01890a5d-ac96-7000-8000-0000000000a1';
const BUNDLE_B = '01890a5d-ac96-7000-8000-0000000000a2';
const INCIDENT = '01890a5d-ac96-7000-8000-0000000000c1';
const OTHER = '01890a5d-ac96-7000-8000-0000000000c2';

function contact(lastExport: Contact['lastExport']): Contact {
  return {
    id: crypto.randomUUID(),
    name: 'Партнёр',
    ageRecipient: `age1${'q'.repeat(58)}`,
    signingPublicKey: null,
    verified: false,
    verifiedAt: null,
    note: '',
    addedAt: '2026-12-01T10:00:00.000Z',
    lastExport,
  };
}

const at = '2026-12-02T10:00:00.000Z';

describe('sinceWatermark', () => {
  it('takes the oldest watermark of several recipients', () => {
    expect(
      sinceWatermark([
        contact({ changeSeq: 40, bundleId: BUNDLE_A, at }),
        contact({ changeSeq: 12, bundleId: BUNDLE_B, at }),
      ]),
    ).toEqual({ sinceChangeSeq: 12, sinceBundleId: BUNDLE_B });
  });

  it('is null when a recipient never received a bundle, or there is none', () => {
    expect(
      sinceWatermark([contact({ changeSeq: 40, bundleId: BUNDLE_A, at }), contact(null)]),
    ).toBe(null);
    expect(sinceWatermark([])).toBe(null);
  });
});

describe('exportScopes', () => {
  it('sends everything for "since" when a recipient has no watermark', () => {
    expect(exportScopes('since', [], [contact(null)])).toEqual({
      collect: { kind: 'full' },
      manifest: { kind: 'full' },
    });
  });

  it('names the watermark in both scopes', () => {
    expect(exportScopes('since', [], [contact({ changeSeq: 7, bundleId: BUNDLE_A, at })])).toEqual({
      collect: { kind: 'since', sinceChangeSeq: 7 },
      manifest: { kind: 'since', sinceChangeSeq: 7, sinceBundleId: BUNDLE_A },
    });
  });

  it('passes a selection through and ignores watermarks for full', () => {
    expect(exportScopes('selection', [INCIDENT], [])).toEqual({
      collect: { kind: 'selection', incidentIds: [INCIDENT] },
      manifest: { kind: 'selection' },
    });
    expect(
      exportScopes('full', [INCIDENT], [contact({ changeSeq: 7, bundleId: BUNDLE_A, at })]),
    ).toEqual({ collect: { kind: 'full' }, manifest: { kind: 'full' } });
  });
});

describe('volumeBytes', () => {
  it('gives the fixed sizes', () => {
    expect(volumeBytes('none', '')).toBe(null);
    expect(volumeBytes('messenger', '')).toBe(MESSENGER_VOLUME_BYTES);
    expect(MESSENGER_VOLUME_BYTES).toBe(2_147_483_648);
    expect(volumeBytes('fat32', '')).toBe(FAT32_VOLUME_BYTES);
    expect(FAT32_VOLUME_BYTES).toBe(4_294_967_295);
  });

  it('reads a custom size in MB and refuses anything else', () => {
    expect(volumeBytes('custom', ' 700 ')).toBe(700 * 1024 * 1024);
    for (const bad of ['', '0', '-5', '1.5', '1e3', 'много', '2000000']) {
      expect(volumeBytes('custom', bad)).toBe('invalid');
    }
  });
});

describe('defaultBundleName', () => {
  it('uses the local calendar day, zero-padded', () => {
    expect(defaultBundleName(new Date(2026, 0, 5, 23, 59))).toBe('depter-2026-01-05.depter');
  });
});

describe('evidenceTotals', () => {
  const evidence = [
    { sha256: 'a'.repeat(64), size: 1000, incidentIds: [INCIDENT] },
    { sha256: 'b'.repeat(64), size: 500, incidentIds: [OTHER] },
    { sha256: 'a'.repeat(64), size: 1000, incidentIds: [OTHER] },
  ];

  it('counts each file once', () => {
    expect(evidenceTotals(evidence, null)).toEqual({ files: 2, bytes: 1500 });
  });

  it('counts only files naming a selected incident', () => {
    expect(evidenceTotals(evidence, new Set([INCIDENT]))).toEqual({ files: 1, bytes: 1000 });
    expect(evidenceTotals(evidence, new Set())).toEqual({ files: 0, bytes: 0 });
  });
});

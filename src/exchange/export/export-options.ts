import type { BundleScopeInput } from '../../domain/api';
import type { Contact } from '../../domain/contact';
import type { ExportScope } from '../../db/exchange-export';

/**
 * What the export form's choices mean for collectExport and exportBundle:
 * pure functions, so every rule is tested without a browser.
 */

export type ScopeChoice = 'full' | 'selection' | 'since';
export type VolumeChoice = 'none' | 'messenger' | 'fat32' | 'custom';

const MIB = 1024 * 1024;
/** Most messengers refuse files over 2 GB. */
export const MESSENGER_VOLUME_BYTES = 2 * 1024 * MIB;
/** FAT32 stores files of at most 4 GiB − 1 byte. */
export const FAT32_VOLUME_BYTES = 4 * 1024 * MIB - 1;
/** exportBundle's minimum volume size. */
export const MIN_VOLUME_MIB = 1;
const MAX_VOLUME_MIB = 1024 * 1024;

/**
 * Where "changes since the last bundle" starts for these recipients: the
 * oldest of their watermarks, so every one of them gets everything they
 * lack. Null when one of them never received a bundle: they need everything.
 */
export function sinceWatermark(
  recipients: readonly Contact[],
): { sinceChangeSeq: number; sinceBundleId: string } | null {
  if (recipients.length === 0) return null;
  let oldest: NonNullable<Contact['lastExport']> | null = null;
  for (const contact of recipients) {
    if (contact.lastExport === null) return null;
    if (oldest === null || contact.lastExport.changeSeq < oldest.changeSeq) {
      oldest = contact.lastExport;
    }
  }
  return oldest && { sinceChangeSeq: oldest.changeSeq, sinceBundleId: oldest.bundleId };
}

/** The collect request's scope and the manifest's, which say the same thing to both sides. */
export function exportScopes(
  choice: ScopeChoice,
  selectedIncidentIds: readonly string[],
  recipients: readonly Contact[],
): { collect: ExportScope; manifest: BundleScopeInput } {
  if (choice === 'selection') {
    return {
      collect: { kind: 'selection', incidentIds: [...selectedIncidentIds] },
      manifest: { kind: 'selection' },
    };
  }
  const since = choice === 'since' ? sinceWatermark(recipients) : null;
  if (since === null) return { collect: { kind: 'full' }, manifest: { kind: 'full' } };
  return {
    collect: { kind: 'since', sinceChangeSeq: since.sinceChangeSeq },
    manifest: { kind: 'since', ...since },
  };
}

/**
 * Bytes per volume for the choice; null for one file; 'invalid' when the
 * custom size is not a whole number of MB in range.
 */
export function volumeBytes(choice: VolumeChoice, customMib: string): number | null | 'invalid' {
  switch (choice) {
    case 'none':
      return null;
    case 'messenger':
      return MESSENGER_VOLUME_BYTES;
    case 'fat32':
      return FAT32_VOLUME_BYTES;
    case 'custom': {
      const text = customMib.trim();
      if (!/^\d+$/.test(text)) return 'invalid';
      const mib = Number(text);
      return mib >= MIN_VOLUME_MIB && mib <= MAX_VOLUME_MIB ? mib * MIB : 'invalid';
    }
  }
}

/** `depter-YYYY-MM-DD.depter` in the computer's own calendar day. */
export function defaultBundleName(now: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `depter-${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}.depter`;
}

export interface EvidenceSize {
  sha256: string;
  size: number;
  incidentIds: readonly string[];
}

/**
 * Files and bytes the evidence option adds: each distinct file once, only
 * those naming a selected incident when exporting a selection.
 */
export function evidenceTotals(
  evidence: readonly EvidenceSize[],
  selectedIncidentIds: ReadonlySet<string> | null,
): { files: number; bytes: number } {
  const sizes = new Map<string, number>();
  for (const record of evidence) {
    if (selectedIncidentIds && !record.incidentIds.some((id) => selectedIncidentIds.has(id))) {
      continue;
    }
    sizes.set(record.sha256, record.size);
  }
  let bytes = 0;
  for (const size of sizes.values()) bytes += size;
  return { files: sizes.size, bytes };
}

import type { DepterApi } from '../domain/api';
import type { EvidenceRecords } from '../db/evidence-records';
import type { MissingFiles } from './missing-files';

export type ReconcileOutcome =
  | { kind: 'done'; missing: number; removedUncommitted: number }
  /** A record could not be read: we cannot know which file it names, so nothing is touched. */
  | { kind: 'skipped'; damagedRecords: number };

/**
 * Once after unlock: tells main which stored files the records name, so an
 * attach cut short by a crash (file stored, record never written) is cleaned
 * up and one whose record did get written is kept. Files the records name but
 * the store lacks are remembered as missing.
 */
export async function reconcileEvidence(
  records: Pick<EvidenceRecords, 'listEvidence'>,
  api: Pick<DepterApi, 'reconcileEvidence'>,
  missing: MissingFiles,
): Promise<ReconcileOutcome> {
  const loaded = await records.listEvidence();
  const damaged = loaded.filter((entry) => !entry.ok).length;
  if (damaged > 0) return { kind: 'skipped', damagedRecords: damaged };
  const keep = new Set<string>();
  for (const entry of loaded) if (entry.ok) keep.add(entry.record.sha256);
  const answer = await api.reconcileEvidence({ keep: [...keep] });
  missing.add(answer.missing);
  return {
    kind: 'done',
    missing: answer.missing.length,
    removedUncommitted: answer.removedUncommitted,
  };
}

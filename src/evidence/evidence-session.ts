import type { EvidenceRecords } from '../db/evidence-records';
import { evidenceApi } from './evidence-api';
import { missingFiles } from './missing-files';
import { reconcileEvidence } from './reconcile';

/**
 * Runs once after unlock, in the background: reconciles the evidence store
 * with the records. Failing here must not stop the app (the next unlock tries
 * again), so it only logs.
 */
export async function startEvidenceSession(records: EvidenceRecords): Promise<void> {
  try {
    const outcome = await reconcileEvidence(records, evidenceApi(), missingFiles);
    if (outcome.kind === 'skipped') {
      console.warn(
        `evidence reconcile skipped: ${outcome.damagedRecords} damaged evidence records`,
      );
    }
  } catch (error) {
    console.error('evidence reconcile failed', error);
  }
}

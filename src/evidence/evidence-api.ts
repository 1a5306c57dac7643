import type { DepterApi } from '../domain/api';
import { depterApi } from '../ui/depter-bridge';
import { useRepository } from '../app/repository-context';
import type { EvidenceRecords } from '../db/evidence-records';

/** window.depter; the evidence UI is only rendered inside the unlocked app, where it exists. */
export function evidenceApi(): DepterApi {
  const api = depterApi();
  if (!api) throw new Error('window.depter is missing: evidence needs the app bridge');
  return api;
}

/** The repository's evidence methods. */
export function useEvidenceRecords(): EvidenceRecords {
  return useRepository();
}

/** Names verify and save-copy jobs so their progress events can be told apart. */
export function newJobId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

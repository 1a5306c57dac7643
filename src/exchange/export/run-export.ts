import type { ApiOutput, BundleErrorName, DepterApi } from '../../domain/api';
import type { Contact } from '../../domain/contact';
import type { Repository } from '../../db/repository-types';
import { defaultBundleName, exportScopes, type ScopeChoice } from './export-options';

/**
 * One export from the form's choices to the written bundle: collect the
 * records, ask where to save, write, and only then move the lineage and the
 * recipients' watermarks. The panel shows each outcome.
 */

export interface ExportChoices {
  recipients: readonly Contact[];
  scope: ScopeChoice;
  selectedIncidentIds: readonly string[];
  includeEvidence: boolean;
  volumeSize: number | null;
  csvLanguage: 'ky' | 'ru' | 'en';
  senderName: string;
}

export type ExportSuccess = Extract<ApiOutput<'exportBundle'>, { ok: true }>;

export type ExportOutcome =
  /** "Changes since the last bundle": nothing changed, no file was written. */
  | { kind: 'nothing-new' }
  /** The user closed the save dialog. */
  | { kind: 'no-target' }
  | {
      kind: 'done';
      result: ExportSuccess;
      /** The recipients' "last bundle" marks moved (a full or since export with evidence files). */
      movedWatermark: boolean;
      /** Records that could not be read and were left out. */
      damaged: number;
      /** False when the bundle was written but the watermarks could not be saved. */
      marked: boolean;
    }
  | { kind: 'failed'; error: BundleErrorName };

export interface ExportSteps {
  /** Called once the file is chosen and writing starts. */
  onWriting(): void;
}

export async function runExport(
  repository: Repository,
  api: Pick<DepterApi, 'chooseBundleTarget' | 'exportBundle'>,
  jobId: string,
  choices: ExportChoices,
  steps: ExportSteps,
): Promise<ExportOutcome> {
  const scopes = exportScopes(choices.scope, choices.selectedIncidentIds, choices.recipients);
  const collected = await repository.collectExport({
    scope: scopes.collect,
    includeEvidence: choices.includeEvidence,
  });
  const { records } = collected;
  if (
    scopes.collect.kind === 'since' &&
    records.incidents.length + records.actors.length + records.evidence.length === 0
  ) {
    return { kind: 'nothing-new' };
  }
  const { target } = await api.chooseBundleTarget({
    suggestedName: defaultBundleName(new Date()),
  });
  if (target === null) return { kind: 'no-target' };
  steps.onWriting();
  const answer = await api.exportBundle({
    jobId,
    targetId: target.targetId,
    recipients: choices.recipients.map((contact) => contact.ageRecipient),
    senderName: choices.senderName,
    scope: scopes.manifest,
    records,
    includeEvidence: choices.includeEvidence,
    volumeSize: choices.volumeSize,
    csvLanguage: choices.csvLanguage,
  });
  if (!answer.ok) return { kind: 'failed', error: answer.error };
  // Only an export of everything in range moves the mark "changes since"
  // starts from: after a selection, or without the evidence records, the
  // records left out would otherwise never be sent as changes.
  const movedWatermark = scopes.collect.kind !== 'selection' && choices.includeEvidence;
  let marked = true;
  try {
    await repository.markExported({
      contactIds: movedWatermark ? choices.recipients.map((contact) => contact.id) : [],
      bundleId: answer.bundleId,
      changeSeq: collected.changeSeq,
      sent: collected.sent,
    });
  } catch (error) {
    console.error('the bundle was written but the export could not be recorded', error);
    marked = false;
  }
  return {
    kind: 'done',
    result: answer,
    damaged: collected.damaged.length,
    marked,
    movedWatermark,
  };
}

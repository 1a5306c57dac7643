import type { ApiOutput, BundleErrorName, DepterApi } from '../../domain/api';
import type { Contact, SenderTrust } from '../../domain/contact';
import { importChangedNothing, type ImportReport } from '../../domain/exchange';
import type { Repository } from '../../db/repository-types';

/**
 * One import, in the steps the panel shows: choose and open the bundle
 * (main decrypts, verifies and seals its evidence as uncommitted), say who
 * sent it, and only when the user agrees merge the records in one
 * transaction and tell main which staged files to keep. Declining, or a
 * merge that fails, keeps nothing: main deletes the staged files.
 */

export type OpenedBundle = Extract<ApiOutput<'openBundleForImport'>, { ok: true }>;

type ImportApi = Pick<
  DepterApi,
  'chooseBundleSource' | 'openBundleForImport' | 'finishBundleImport' | 'getPublicIdentity'
>;

export interface SenderView {
  trust: SenderTrust;
  /** The contact's own name for the sender, when the key belongs to a contact. */
  contactName: string | null;
}

export type OpenOutcome =
  /** The user closed the file dialog. */
  | { kind: 'no-source' }
  | { kind: 'failed'; error: BundleErrorName }
  | { kind: 'opened'; bundle: OpenedBundle; sender: SenderView };

export type ImportOutcome =
  | {
      kind: 'imported';
      report: ImportReport;
      /** The bundle had been imported before, or held only what is here already. */
      nothingChanged: boolean;
      /** False when the records are in but main could not commit the evidence files (the next unlock's reconcile will). */
      filesFinished: boolean;
    }
  /** The merge refused the bundle or the database failed: nothing was written, the staged files are gone. */
  | { kind: 'merge-failed' };

export function trustOf(contact: Contact | undefined): SenderView {
  if (!contact) return { trust: { kind: 'unknown' }, contactName: null };
  return {
    trust: contact.verified
      ? { kind: 'verified', contactId: contact.id }
      : { kind: 'unverified', contactId: contact.id },
    contactName: contact.name,
  };
}

/** The dialog, then opening the chosen bundle as job `jobId`; `onOpening` once a file is chosen. */
export async function openChosenBundle(
  repository: Pick<Repository, 'findContactBySigningKey'>,
  api: ImportApi,
  jobId: string,
  onOpening: (names: readonly string[]) => void,
): Promise<OpenOutcome> {
  const { source } = await api.chooseBundleSource();
  if (source === null) return { kind: 'no-source' };
  onOpening(source.names);
  const answer = await api.openBundleForImport({ sourceId: source.sourceId, jobId });
  if (!answer.ok) return { kind: 'failed', error: answer.error };
  const own = await api.getPublicIdentity();
  if (own.signingPublicKey === answer.sender.signingPublicKey) {
    return {
      kind: 'opened',
      bundle: answer,
      sender: { trust: { kind: 'self' }, contactName: null },
    };
  }
  let contact: Contact | undefined;
  try {
    contact = await repository.findContactBySigningKey(answer.sender.signingPublicKey);
  } catch (error) {
    // Contacts unreadable: the sender is shown as unknown, the safe reading.
    console.error('looking up the sender among contacts failed', error);
  }
  return { kind: 'opened', bundle: answer, sender: trustOf(contact) };
}

/** Merges the opened bundle and settles its staged files either way. */
export async function importOpened(
  repository: Pick<Repository, 'importBundle'>,
  api: Pick<ImportApi, 'finishBundleImport'>,
  bundle: OpenedBundle,
): Promise<ImportOutcome> {
  let outcome;
  try {
    outcome = await repository.importBundle({
      bundleId: bundle.bundleId,
      sender: {
        deviceId: bundle.sender.deviceId,
        name: bundle.sender.name,
        fingerprint: bundle.sender.fingerprint,
      },
      records: {
        incidents: bundle.records.incidents,
        actors: bundle.records.actors,
        evidence: bundle.records.evidence,
        lineage: bundle.records.lineage,
      },
      stagedFiles: bundle.stagedFiles,
    });
  } catch (error) {
    console.error('the merge refused the bundle', error);
    await finishQuietly(api, bundle.importId, []);
    return { kind: 'merge-failed' };
  }
  const filesFinished = await finishQuietly(api, bundle.importId, outcome.commitFiles);
  return {
    kind: 'imported',
    report: outcome.report,
    nothingChanged: importChangedNothing(outcome.report),
    filesFinished,
  };
}

/** "Do not import": main deletes what it staged. */
export async function declineOpened(
  api: Pick<ImportApi, 'finishBundleImport'>,
  bundle: OpenedBundle,
): Promise<void> {
  await finishQuietly(api, bundle.importId, []);
}

/** Whether main settled the files; a failure there leaves them to the next reconcile, which is safe. */
async function finishQuietly(
  api: Pick<ImportApi, 'finishBundleImport'>,
  importId: string,
  commit: readonly string[],
): Promise<boolean> {
  try {
    const answer = await api.finishBundleImport({ importId, commit: [...commit] });
    return answer.ok;
  } catch (error) {
    console.error('finishing the import failed', error);
    return false;
  }
}

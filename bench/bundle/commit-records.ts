import type { OpenedBundle } from '../../src/domain/api';
import type { ActorBody } from '../../src/domain/actor';
import type { IncidentBody } from '../../src/domain/incident';
import type { Repository } from '../../src/db/repository-types';

/** The merge's entry point as issue 5 fixes it (src/db/exchange-import.ts), as far as the bench uses it. */
interface BundleImporter {
  importBundle(bundle: {
    bundleId: string;
    sender: { deviceId: string; name: string; fingerprint: string };
    records: { incidents: unknown[]; actors: unknown[]; evidence: unknown[]; lineage: unknown[] };
    stagedFiles: readonly string[];
  }): Promise<{ commitFiles: string[] }>;
}

/** `none`: the child left the merge out (main's share only; see import-child.ts). */
export type CommitPath = 'importBundle' | 'createIncidents stand-in' | 'none';

const STAND_IN_BATCH = 1000;

/**
 * The repository's importBundle when it has one. Looked up at run time, not
 * through the Repository type, so the bench also runs on a tree where the
 * merge is not in the repository yet.
 */
function importerOf(repository: Repository): BundleImporter['importBundle'] | undefined {
  const candidate = (repository as unknown as Partial<BundleImporter>).importBundle;
  return typeof candidate === 'function' ? candidate.bind(repository) : undefined;
}

function bodyOf<T>(line: unknown): T {
  // The sync fields are the repository's to set on this path; the rest is the body.
  const { id, rev, updatedAt, updatedBy, changeSeq, deleted, ...body } = line as Record<
    string,
    unknown
  >;
  void [id, rev, updatedAt, updatedBy, changeSeq, deleted];
  return body as T;
}

function isLive(line: unknown): line is { id: string; deleted: false } {
  return (line as { deleted?: unknown }).deleted === false;
}

/**
 * Commits an opened bundle's records as the import panel does: through the
 * merge (`importBundle`), which answers which staged files the database now
 * names. Without it, through `createActor` and `createIncidents` (new
 * revisions, one transaction per 1,000 incidents), which seals and writes
 * the same rows and audit entries but does not compare revisions, and
 * names no files.
 */
export async function commitOpenedBundle(
  repository: Repository,
  opened: OpenedBundle,
): Promise<{ path: CommitPath; commitFiles: string[] }> {
  const importBundle = importerOf(repository);
  if (importBundle) {
    const outcome = await importBundle({
      bundleId: opened.bundleId,
      sender: {
        deviceId: opened.sender.deviceId,
        name: opened.sender.name,
        fingerprint: opened.sender.fingerprint,
      },
      records: opened.records,
      stagedFiles: opened.stagedFiles,
    });
    return { path: 'importBundle', commitFiles: outcome.commitFiles };
  }
  for (const actor of opened.records.actors.filter(isLive)) {
    await repository.createActor(bodyOf<ActorBody>(actor), actor.id);
  }
  const live = opened.records.incidents.filter(isLive);
  for (let start = 0; start < live.length; start += STAND_IN_BATCH) {
    const batch = live.slice(start, start + STAND_IN_BATCH);
    await repository.createIncidents(batch.map((incident) => bodyOf<IncidentBody>(incident)));
  }
  return { path: 'createIncidents stand-in', commitFiles: [] };
}

import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { BundleErrorName, OpenedBundle } from '../../../src/domain/api';
import { openBundle, type StagedBundle } from '../bundle';
import { evidenceKeysOf } from '../evidence/evidence-handlers';
import { isEvidenceError, type EvidenceKeys } from '../evidence/evidence-store-types';
import { sharedBundleFailure } from './bundle-failure';
import type { ExchangeApiHandlers, ExchangeContext } from './exchange-types';
import { StagedImports } from './staged-imports';

/**
 * Reading a bundle in: the open dialog, then openBundle with this device's
 * identity, each evidence file sealed straight into the store as
 * uncommitted. The records go to the renderer, which merges them in one
 * database transaction and then says which staged files the database now
 * names (finishBundleImport): those are committed, the others deleted.
 */

type ImportMethods = Pick<
  ExchangeApiHandlers,
  'chooseBundleSource' | 'openBundleForImport' | 'finishBundleImport'
>;

/** A bundle, or its first volume (the reader finds the others); all files for picking every volume. */
const SOURCE_FILTERS = [
  { name: 'Depter bundle', extensions: ['depter', '001'] },
  { name: '*', extensions: ['*'] },
];
const ID_BYTES = 18;
/** ~5 progress events a second: smooth enough for a bar, few enough for IPC. */
export const IMPORT_PROGRESS_INTERVAL_MS = 200;

/** The contract's name for why an import failed; anything unexpected is rethrown as a bug. */
export function importFailure(error: unknown): BundleErrorName {
  if (isEvidenceError(error)) {
    if (error.code === 'CANCELLED') return 'CANCELLED';
    if (error.code === 'DISK_FULL') return 'DISK_FULL';
    if (error.code === 'MISMATCH') return 'ENTRY_HASH_MISMATCH';
    return 'IO_FAILED';
  }
  return sharedBundleFailure(error);
}

export function createImportHandlers(context: ExchangeContext): {
  handlers: ImportMethods;
  endSession(): void;
} {
  const sources = new Map<string, string[]>();
  const ledger = new StagedImports();

  /** Deletes what an import held alone; a file that is already gone is no failure. */
  async function discardFiles(sha256s: readonly string[], keys: EvidenceKeys): Promise<number> {
    let discarded = 0;
    for (const sha256 of sha256s) {
      if (await context.store.discard(sha256, keys)) discarded++;
    }
    return discarded;
  }

  const handlers: ImportMethods = {
    async chooseBundleSource() {
      const paths = await context.chooseOpenPaths({ multiple: true, filters: SOURCE_FILTERS });
      if (paths.length === 0) return { source: null };
      const sourceId = randomBytes(ID_BYTES).toString('base64url');
      sources.set(sourceId, paths);
      return { source: { sourceId, names: paths.map((path) => basename(path)) } };
    },

    async openBundleForImport({ sourceId, jobId }) {
      const keys = context.vault.keys();
      const evidenceKeys = evidenceKeysOf(keys);
      if (keys === null || evidenceKeys === null) return { ok: false, error: 'LOCKED' };
      const paths = sources.get(sourceId);
      if (paths === undefined) return { ok: false, error: 'UNKNOWN_SOURCE' };
      sources.delete(sourceId);
      const importId = randomBytes(ID_BYTES).toString('base64url');
      ledger.begin(importId);
      let lastProgressAt = Number.NEGATIVE_INFINITY;
      const emit = (bytesDone: number, bytesTotal: number) =>
        context.emitProgress({ jobId, phase: 'import', bytesDone, bytesTotal });
      let staged: StagedBundle;
      try {
        staged = await context.jobs.run(jobId, (signal) =>
          openBundle(paths.length === 1 ? paths[0]! : paths, [keys.ageIdentity], {
            signal,
            // The store hashes every byte it seals and keeps only the declared content, so the
            // bundle reader takes its word instead of hashing the evidence a second time.
            hashingEvidenceSink: async ({ sha256, size, body }) => {
              const facts = await context.store.attachStream(body, { sha256, size }, evidenceKeys, {
                signal,
              });
              // Stored by another import still open: hold it too, so its decline keeps it.
              if (!facts.alreadyStored || ledger.isHeld(sha256)) ledger.hold(importId, sha256);
              return { sha256: facts.sha256, size: facts.size };
            },
            onProgress: ({ bytesDone, bytesTotal }) => {
              const now = performance.now();
              if (now - lastProgressAt < IMPORT_PROGRESS_INTERVAL_MS) return;
              lastProgressAt = now;
              emit(bytesDone, bytesTotal);
            },
          }),
        );
      } catch (error) {
        const { toDiscard } = ledger.end(importId, []);
        await discardFiles(toDiscard, evidenceKeys);
        return { ok: false, error: importFailure(error) };
      }
      emit(staged.bundle.size, staged.bundle.size);
      return { ok: true, ...openedBundle(importId, staged, ledger.filesHeldBy(importId)) };
    },

    async finishBundleImport({ importId, commit }) {
      if (!ledger.isTracked(importId)) return { ok: false, error: 'UNKNOWN_IMPORT' };
      const evidenceKeys = evidenceKeysOf(context.vault.keys());
      if (evidenceKeys === null) return { ok: false, error: 'LOCKED' };
      const held = new Set(ledger.filesHeldBy(importId));
      if (commit.some((sha256) => !held.has(sha256))) return { ok: false, error: 'INPUT_INVALID' };
      const toCommit = [...new Set(commit)];
      const { toDiscard } = ledger.end(importId, toCommit);
      try {
        let committed = 0;
        for (const sha256 of toCommit) {
          if (await context.store.commit(sha256, evidenceKeys)) committed++;
        }
        const discarded = await discardFiles(toDiscard, evidenceKeys);
        return { ok: true, committed, discarded };
      } catch (error) {
        // What stays uncommitted is settled by the next reconcile: kept if a record names it.
        return { ok: false, error: importFailure(error) };
      }
    },
  };

  return {
    handlers,
    endSession() {
      sources.clear();
      // The keys are gone by now, so the files cannot be named to delete them.
      // They stay uncommitted, and the reconcile after the next unlock commits
      // those a committed merge names and deletes the rest, which is also
      // right when a merge committed just before the lock.
      for (const importId of ledger.importIds()) ledger.end(importId, []);
      context.store.endSession();
    },
  };
}

function openedBundle(importId: string, staged: StagedBundle, stagedFiles: string[]): OpenedBundle {
  const { manifest } = staged;
  const { counts } = manifest;
  return {
    importId,
    bundleId: manifest.bundleId,
    createdAt: manifest.createdAt,
    sender: { ...manifest.sender, fingerprint: staged.fingerprint },
    scope: manifest.scope,
    counts: {
      incidents: counts.incidents,
      actors: counts.actors,
      evidence: counts.evidence,
      audit: counts.audit,
      evidenceFiles: counts.evidenceFiles,
      evidenceBytes: counts.evidenceBytes,
    },
    records: {
      incidents: staged.records.incidents,
      actors: staged.records.actors,
      evidence: staged.records.evidence,
      audit: staged.records.audit,
      lineage: staged.records.lineage,
    },
    stagedFiles,
    files: staged.bundle.paths.map((path) => basename(path)),
    size: staged.bundle.size,
    sha256: staged.bundle.sha256,
  };
}

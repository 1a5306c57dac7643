import { randomBytes } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import type {
  ApiHandlers,
  EvidenceErrorCode,
  EvidenceProgress,
  EvidenceSource,
} from '../../../src/domain/api';
import { playbackKindOf } from '../../../src/domain/evidence';
import { VaultLockedError, type VaultLike, type VaultSessionKeys } from '../api-handlers';
import { deriveEvidenceNamingKey } from './evidence-layout';
import {
  EvidenceError,
  isEvidenceError,
  type ByteProgress,
  type EvidenceKeys,
  type EvidenceReader,
  type EvidenceStoreApi,
} from './evidence-store-types';

export const EVIDENCE_METHODS = [
  'chooseEvidenceFiles',
  'registerDroppedFiles',
  'attachEvidence',
  'cancelEvidenceAttach',
  'commitEvidence',
  'reconcileEvidence',
  'openEvidence',
  'verifyEvidence',
  'saveEvidenceCopy',
  'discardEvidence',
] as const;
export type EvidenceMethod = (typeof EVIDENCE_METHODS)[number];
export type EvidenceApiHandlers = Pick<ApiHandlers, EvidenceMethod>;

/** Playback URLs for the evidence scheme (electron/services/evidence/evidence-protocol.ts). */
export interface PlaybackUrlIssuer {
  /** A URL naming the stored file by an opaque token, valid until `clear`. */
  issue(sha256: string): string;
  clear(): void;
}

export interface EvidenceHandlerDeps {
  store: EvidenceStoreApi;
  /** Read for every call: keys are never kept between calls. */
  vault: Pick<VaultLike, 'keys'>;
  /** The system's open dialog, several files; an empty list when the user cancels. */
  chooseOpenPaths(): Promise<string[]>;
  /** The system's save dialog; null when the user cancels. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Sends apiEvents.evidenceProgress to the renderer (main validates it first). */
  emitProgress(progress: EvidenceProgress): void;
  playbackUrls: PlaybackUrlIssuer;
}

export interface EvidenceHandlerSet {
  handlers: EvidenceApiHandlers;
  /**
   * Ends what a session started: running attaches, verifies and copies are
   * aborted (their temporary files removed by the store), chosen files are
   * forgotten and playback URLs stop working. Called at every lock.
   */
  endSession(): void;
}

/** The store's keys from an unlocked vault's keys; null while locked. */
export function evidenceKeysOf(keys: VaultSessionKeys | null): EvidenceKeys | null {
  if (keys === null) return null;
  return {
    ageRecipient: keys.ageRecipient,
    ageIdentity: keys.ageIdentity,
    namingKey: deriveEvidenceNamingKey(keys.recordsKey),
  };
}

/**
 * How the evidence scheme opens a stored file: with the keys of the session
 * at the moment of the request, never with keys kept from an earlier one.
 */
export function playbackReaderOpener(
  store: Pick<EvidenceStoreApi, 'openReader'>,
  vault: Pick<VaultLike, 'keys'>,
): (sha256: string) => Promise<EvidenceReader> {
  return async (sha256) => {
    const keys = evidenceKeysOf(vault.keys());
    if (keys === null) throw new EvidenceError('LOCKED', 'the vault is locked');
    return store.openReader(sha256, keys);
  };
}

interface RegisteredSource {
  path: string;
  name: string;
  size: number;
  // The file the user chose: a path swapped for another file (or a link to
  // a device) before the attach starts is refused, not read.
  device: number;
  inode: number;
}

// Enough for any real drop or selection; bounds what a misbehaving page can
// make main remember.
const MAX_REGISTERED_SOURCES = 10_000;
// 18 random bytes: 24 base64url characters, inside the contract's 16–64.
const SOURCE_ID_BYTES = 18;

type FileCheck = { ok: true; source: Omit<RegisteredSource, 'path'> } | { ok: false };

async function checkRegularFile(path: string): Promise<FileCheck> {
  if (!isAbsolute(path) || path.includes('\0')) return { ok: false };
  try {
    // lstat: a symbolic link is refused, whatever it points to.
    const stats = await lstat(path);
    if (!stats.isFile()) return { ok: false };
    return {
      ok: true,
      source: { name: basename(path), size: stats.size, device: stats.dev, inode: stats.ino },
    };
  } catch {
    return { ok: false };
  }
}

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Turns a failure into the contract's code. Anything that is neither the
 * store's own EvidenceError nor an OS error is a bug and is rethrown.
 */
function failureCode(error: unknown, aborted: boolean): EvidenceErrorCode {
  if (isEvidenceError(error)) return error.code;
  if (aborted) return 'CANCELLED';
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && DISK_FULL_CODES.has(code)) return 'DISK_FULL';
  if (typeof code === 'string') return 'WRITE_FAILED';
  throw error;
}

export function createEvidenceHandlers(deps: EvidenceHandlerDeps): EvidenceHandlerSet {
  const sources = new Map<string, RegisteredSource>();
  const runningAttaches = new Map<string, AbortController>();
  // Verify and save copy: no cancel in the contract, but a lock stops them.
  const otherJobs = new Set<AbortController>();

  const currentKeys = () => evidenceKeysOf(deps.vault.keys());
  const isLocked = () => deps.vault.keys() === null;
  const requireKeys = (): EvidenceKeys => {
    const keys = currentKeys();
    if (keys === null) throw new VaultLockedError();
    return keys;
  };
  const progressTo = (jobId: string) => (progress: ByteProgress) =>
    deps.emitProgress({ jobId, bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal });

  async function register(paths: readonly string[]) {
    const registered: EvidenceSource[] = [];
    const refused: string[] = [];
    for (const path of paths) {
      const checked = await checkRegularFile(path);
      // Checked again after the await: a lock during lstat forgets everything.
      if (isLocked()) throw new VaultLockedError();
      if (!checked.ok || sources.size >= MAX_REGISTERED_SOURCES) {
        refused.push(basename(path).slice(0, 1024));
        continue;
      }
      const sourceId = randomBytes(SOURCE_ID_BYTES).toString('base64url');
      sources.set(sourceId, { path, ...checked.source });
      registered.push({ sourceId, name: checked.source.name, size: checked.source.size });
    }
    return { sources: registered, refused };
  }

  /**
   * Runs a store operation that a lock must be able to stop, as the
   * contract's answer: a failure becomes its code, and one cut short by a
   * lock says LOCKED rather than CANCELLED.
   */
  async function asJob<T>(
    controller: AbortController,
    jobs: { add(controller: AbortController): void; delete(controller: AbortController): void },
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: EvidenceErrorCode }> {
    jobs.add(controller);
    try {
      return { ok: true, value: await work(controller.signal) };
    } catch (error) {
      const code = failureCode(error, controller.signal.aborted);
      return { ok: false, error: code === 'CANCELLED' && isLocked() ? 'LOCKED' : code };
    } finally {
      jobs.delete(controller);
    }
  }

  const handlers: EvidenceApiHandlers = {
    async chooseEvidenceFiles() {
      requireKeys();
      const paths = await deps.chooseOpenPaths();
      // A dialog answers with regular files; anything else it returns is dropped quietly.
      return { sources: (await register(paths)).sources };
    },

    async registerDroppedFiles({ paths }) {
      requireKeys();
      return register(paths);
    },

    async attachEvidence({ sourceId }) {
      const keys = currentKeys();
      if (keys === null) return { ok: false, error: 'LOCKED' };
      const source = sources.get(sourceId);
      if (source === undefined) return { ok: false, error: 'UNKNOWN_SOURCE' };
      // One attach per choice: a second call with the same id is refused.
      sources.delete(sourceId);
      const attach = await asJob(
        new AbortController(),
        {
          add: (controller) => runningAttaches.set(sourceId, controller),
          delete: () => runningAttaches.delete(sourceId),
        },
        async (signal) => {
          const now = await checkRegularFile(source.path);
          if (!now.ok || now.source.device !== source.device || now.source.inode !== source.inode) {
            return null;
          }
          return deps.store.attach(source.path, keys, {
            signal,
            onProgress: progressTo(sourceId),
          });
        },
      );
      if (!attach.ok) return attach;
      const facts = attach.value;
      if (facts === null) return { ok: false, error: 'SOURCE_UNREADABLE' };
      return {
        ok: true,
        file: {
          sha256: facts.sha256,
          size: facts.size,
          mime: facts.mime,
          originalName: source.name,
          modifiedAt: facts.modifiedAt,
          alreadyStored: facts.alreadyStored,
        },
      };
    },

    async cancelEvidenceAttach({ sourceId }) {
      const running = runningAttaches.get(sourceId);
      if (running !== undefined) {
        running.abort();
        return { cancelled: true };
      }
      // A file waiting its turn in a multi-file attach: it will not start.
      return { cancelled: sources.delete(sourceId) };
    },

    async commitEvidence({ sha256 }) {
      return { committed: await deps.store.commit(sha256, requireKeys()) };
    },

    async reconcileEvidence({ keep }) {
      const { missing, removedUncommitted } = await deps.store.reconcile(keep, requireKeys());
      return { missing: [...missing], removedUncommitted };
    },

    async openEvidence({ sha256 }) {
      const keys = currentKeys();
      if (keys === null) return { ok: false, error: 'LOCKED' };
      let facts: { mime: string; size: number };
      try {
        const reader = await deps.store.openReader(sha256, keys);
        facts = { mime: reader.mime, size: reader.size };
        await reader.close();
      } catch (error) {
        return { ok: false, error: failureCode(error, false) };
      }
      const kind = playbackKindOf(facts.mime);
      if (kind === null) return { ok: false, error: 'NOT_PLAYABLE' };
      // A lock while the header was read: no URL may outlive it.
      if (isLocked()) return { ok: false, error: 'LOCKED' };
      return { ok: true, url: deps.playbackUrls.issue(sha256), kind, ...facts };
    },

    async verifyEvidence({ sha256, jobId }) {
      const keys = currentKeys();
      if (keys === null) return { ok: false, error: 'LOCKED' };
      const verified = await asJob(new AbortController(), otherJobs, (signal) =>
        deps.store.verify(sha256, keys, { signal, onProgress: progressTo(jobId) }),
      );
      if (!verified.ok) return verified;
      return verified.value === null ? { ok: true } : { ok: false, error: verified.value };
    },

    async saveEvidenceCopy({ sha256, jobId, suggestedName }) {
      if (isLocked()) return { ok: false, error: 'LOCKED' };
      const target = await deps.chooseSavePath(suggestedName);
      if (target === null) return { ok: true, saved: false };
      // The dialog may have stayed open across a lock.
      const keys = currentKeys();
      if (keys === null) return { ok: false, error: 'LOCKED' };
      const saved = await asJob(new AbortController(), otherJobs, (signal) =>
        deps.store.saveCopy(sha256, keys, target, { signal, onProgress: progressTo(jobId) }),
      );
      return saved.ok ? { ok: true, saved: true } : saved;
    },

    async discardEvidence({ sha256 }) {
      return { deleted: await deps.store.discard(sha256, requireKeys()) };
    },
  };

  return {
    handlers,
    endSession() {
      for (const controller of runningAttaches.values()) controller.abort();
      for (const controller of otherJobs) controller.abort();
      sources.clear();
      deps.playbackUrls.clear();
      deps.store.endSession();
    },
  };
}

/**
 * The vault as every lock path in main sees it: `lock()` (the lock button,
 * idle, suspend, a reload, the window closing, quitting) and `wipe()` end the
 * evidence session too, so no path can forget the keys but leave an attach
 * running or a playback URL working.
 */
export function endingEvidenceSessionOnLock(vault: VaultLike, endSession: () => void): VaultLike {
  return {
    status: () => vault.status(),
    create: (passphrase) => vault.create(passphrase),
    unlock: (passphrase) => vault.unlock(passphrase),
    keys: () => vault.keys(),
    lock() {
      vault.lock();
      endSession();
    },
    changePassphrase: (current, next) => vault.changePassphrase(current, next),
    setSettings: (settings) => vault.setSettings(settings),
    wipe(options) {
      // Before the evidence folder is deleted under a running attach.
      endSession();
      return vault.wipe(options);
    },
  };
}

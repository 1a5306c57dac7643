import type {
  ApiMethod,
  ApiOutput,
  BundleProgress,
  DepterApi,
  EvidenceProgress,
} from '../../src/domain/api';
import { PRELOAD_CHANNELS, PRELOAD_EVENT_CHANNELS } from './channels';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
/**
 * Listens on one channel, handing the listener only the message's payload
 * (never the IPC event); returns the function that stops exactly that listener.
 */
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;
/** Electron's webUtils.getPathForFile: '' for a File that is not on disk. */
export type PathForFile = (file: File) => string;

/** The contract's cap on paths in one registerDroppedFiles call (a spec keeps them equal). */
export const MAX_DROPPED_PATHS_PER_CALL = 1000;

type DroppedFilesAnswer = ApiOutput<'registerDroppedFiles'>;

/**
 * A fresh object with only the declared fields, so the page never receives
 * anything main did not mean to send. Main validated the payload already;
 * this drops anything malformed rather than passing it on.
 */
function progressOf(payload: unknown): EvidenceProgress | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { jobId, bytesDone, bytesTotal } = payload as Record<string, unknown>;
  if (typeof jobId !== 'string' || typeof bytesDone !== 'number' || typeof bytesTotal !== 'number')
    return null;
  return { jobId, bytesDone, bytesTotal };
}

const BUNDLE_PHASES: ReadonlySet<unknown> = new Set(['export', 'import']);

/** As progressOf, for export and import progress. */
function bundleProgressOf(payload: unknown): BundleProgress | null {
  const progress = progressOf(payload);
  if (progress === null) return null;
  const { phase } = payload as Record<string, unknown>;
  if (!BUNDLE_PHASES.has(phase)) return null;
  return { ...progress, phase: phase as BundleProgress['phase'] };
}

function requireFunction(name: string, listener: unknown): void {
  if (typeof listener !== 'function') throw new TypeError(`${name} needs a function`);
}

/**
 * Builds `window.depter`: one function per API method, each bound to its own
 * channel and forwarding only its single argument, plus one subscription
 * function per event, each bound to its own channel. There is deliberately no
 * generic "invoke any channel" or "listen to any channel" entry point.
 */
export function buildDepterApi(
  invoke: Invoke,
  subscribe: Subscribe,
  pathForFile: PathForFile,
): DepterApi {
  const methods = (Object.keys(PRELOAD_CHANNELS) as ApiMethod[]).map((method) => {
    const channel = PRELOAD_CHANNELS[method];
    return [method, (input?: unknown) => invoke(channel, input)] as const;
  });

  /**
   * Only a File the user really dropped has a path, so the page cannot name
   * arbitrary files; files with none (made in the page, or not on disk) are
   * refused by name without asking main.
   */
  async function registerDroppedFiles(files: readonly File[]): Promise<DroppedFilesAnswer> {
    const answer: DroppedFilesAnswer = { sources: [], refused: [] };
    const paths: string[] = [];
    for (const file of Array.from(files)) {
      const path = pathForFile(file);
      if (path === '') answer.refused.push(file.name);
      else paths.push(path);
    }
    for (let start = 0; start < paths.length; start += MAX_DROPPED_PATHS_PER_CALL) {
      const batch = paths.slice(start, start + MAX_DROPPED_PATHS_PER_CALL);
      const part = (await invoke(PRELOAD_CHANNELS.registerDroppedFiles, {
        paths: batch,
      })) as DroppedFilesAnswer;
      answer.sources.push(...part.sources);
      answer.refused.push(...part.refused);
    }
    return answer;
  }

  const events = {
    onLockRequested(listener: () => void): () => void {
      requireFunction('onLockRequested', listener);
      return subscribe(PRELOAD_EVENT_CHANNELS.lockRequested, () => listener());
    },
    onEvidenceProgress(listener: (progress: EvidenceProgress) => void): () => void {
      requireFunction('onEvidenceProgress', listener);
      return subscribe(PRELOAD_EVENT_CHANNELS.evidenceProgress, (payload) => {
        const progress = progressOf(payload);
        if (progress !== null) listener(progress);
      });
    },
    onBundleProgress(listener: (progress: BundleProgress) => void): () => void {
      requireFunction('onBundleProgress', listener);
      return subscribe(PRELOAD_EVENT_CHANNELS.bundleProgress, (payload) => {
        const progress = bundleProgressOf(payload);
        if (progress !== null) listener(progress);
      });
    },
  };
  // The main process validates every result against the contract before it
  // is sent, so the renderer may rely on the declared return types.
  return Object.freeze({
    ...Object.fromEntries(methods),
    registerDroppedFiles,
    ...events,
  }) as unknown as DepterApi;
}

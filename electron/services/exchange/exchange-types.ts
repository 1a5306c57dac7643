import type { ApiHandlers, BundleProgress } from '../../../src/domain/api';
import type { VaultLike } from '../api-handlers';
import type { EvidenceStoreApi } from '../evidence/evidence-store-types';
import type { BundleJobs } from './bundle-jobs';

/** The API methods of export, import and the contacts screen's key handling. */
export type ExchangeMethod =
  | 'getPublicIdentity'
  | 'openTextFile'
  | 'chooseBundleTarget'
  | 'exportBundle'
  | 'cancelBundleJob'
  | 'chooseBundleSource'
  | 'openBundleForImport'
  | 'finishBundleImport';
export type ExchangeApiHandlers = Pick<ApiHandlers, ExchangeMethod>;

/** What a file dialog may offer: a label and extensions without the dot. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** What the exchange handlers need from main (Electron) or from a test. */
export interface ExchangeHandlerDeps {
  /** Read for every call: keys are never kept between calls. */
  vault: Pick<VaultLike, 'keys'>;
  store: EvidenceStoreApi;
  /** The system's open dialog; an empty list when the user cancels. */
  chooseOpenPaths(options: { multiple: boolean; filters: FileFilter[] }): Promise<string[]>;
  /** The system's save dialog; null when the user cancels. */
  chooseSavePath(suggestedName: string, filters?: FileFilter[]): Promise<string | null>;
  /** Sends apiEvents.bundleProgress to the renderer. */
  emitProgress(progress: BundleProgress): void;
  /**
   * A folder on the same file system as the evidence store for an import's
   * temporary files; created on demand, emptied at start.
   */
  workDir: string;
}

/** The parts every handler group shares: the deps and one registry of running jobs. */
export interface ExchangeContext extends ExchangeHandlerDeps {
  jobs: BundleJobs;
}

import { BundleJobs } from './bundle-jobs';
import type { ExchangeApiHandlers, ExchangeHandlerDeps } from './exchange-types';
import { createExportHandlers } from './export-handlers';
import { createIdentityHandlers } from './identity-handlers';
import { createImportHandlers } from './import-handlers';

export interface ExchangeHandlerSet {
  handlers: ExchangeApiHandlers;
  /**
   * Called at every lock: running exports and imports are aborted (their
   * temporary files removed), chosen files and targets are forgotten, and an
   * import not yet finished has its staged evidence discarded.
   */
  endSession(): void;
}

/** The contacts screen's key handling, export and import, on one registry of running jobs. */
export function createExchangeHandlers(deps: ExchangeHandlerDeps): ExchangeHandlerSet {
  const context = { ...deps, jobs: new BundleJobs() };
  const exports = createExportHandlers(context);
  const imports = createImportHandlers(context);
  return {
    handlers: {
      ...createIdentityHandlers(context),
      ...exports.handlers,
      ...imports.handlers,
      async cancelBundleJob({ jobId }) {
        return { cancelled: context.jobs.cancel(jobId) };
      },
    },
    endSession() {
      context.jobs.cancelAll();
      exports.endSession();
      imports.endSession();
    },
  };
}

// PLACEHOLDER owned by the import helper: replaced by the real import handlers.
import type { ExchangeApiHandlers, ExchangeContext } from './exchange-types';

export function createImportHandlers(_context: ExchangeContext): {
  handlers: Pick<
    ExchangeApiHandlers,
    'chooseBundleSource' | 'openBundleForImport' | 'finishBundleImport'
  >;
  endSession(): void;
} {
  return {
    handlers: {
      chooseBundleSource: () => Promise.reject(new Error('import is not built yet')),
      openBundleForImport: () => Promise.reject(new Error('import is not built yet')),
      finishBundleImport: () => Promise.reject(new Error('import is not built yet')),
    },
    endSession() {},
  };
}

// PLACEHOLDER owned by the export helper: replaced by the real export handlers.
import type { ExchangeApiHandlers, ExchangeContext } from './exchange-types';

export function createExportHandlers(_context: ExchangeContext): {
  handlers: Pick<ExchangeApiHandlers, 'chooseBundleTarget' | 'exportBundle'>;
  endSession(): void;
} {
  return {
    handlers: {
      chooseBundleTarget: () => Promise.reject(new Error('export is not built yet')),
      exportBundle: () => Promise.reject(new Error('export is not built yet')),
    },
    endSession() {},
  };
}

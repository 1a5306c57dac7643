import type { ApiMethod } from '../../src/domain/api';

/**
 * The IPC channel of each API method, copied from src/domain/api.ts so the
 * sandboxed preload bundle does not pull in zod and the schemas just to learn
 * channel names. channels.spec.ts fails if the two tables ever differ.
 */
export const PRELOAD_CHANNELS: Readonly<Record<ApiMethod, string>> = {
  getSystemLocales: 'system:get-locales',
  openExternal: 'shell:open-external',
  saveTextFile: 'files:save-text',
};

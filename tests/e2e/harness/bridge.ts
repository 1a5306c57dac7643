import type { BrowserContext } from '@playwright/test';
import { API_METHODS, type ApiHandlers, type ApiMethod } from '../../../src/domain/api';
import { dispatch } from '../../../electron/services/api-dispatch';

/** The name of the binding the init script calls; not part of the app's API. */
export const INVOKE_BINDING = '__depterInvoke';

type Invoke = (method: string, input: unknown) => Promise<unknown>;

/**
 * Runs in the page before any of its scripts, like the preload does in
 * Electron: defines a frozen `window.depter` with exactly the contract's
 * methods, each forwarding to the Playwright binding. Must be self-contained
 * (Playwright serialises it into the page).
 */
function installDepterApi({ methods, binding }: { methods: string[]; binding: string }): void {
  const api: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const method of methods) {
    // Looked up per call: the binding may be attached after this script runs.
    api[method] = (input?: unknown) =>
      (window as unknown as Record<string, Invoke>)[binding]!(method, input);
  }
  Object.defineProperty(window, 'depter', {
    value: Object.freeze(api),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}

/**
 * Bridges `window.depter` in every page of `context` to `handlers` through
 * the same `dispatch` main uses for IPC, so payload validation and error
 * behaviour are the real ones; only Electron's transport is replaced. A
 * handler or validation error rejects the page's promise.
 */
export async function bridgeDepterApi(
  context: BrowserContext,
  handlers: ApiHandlers,
  onCall?: (method: ApiMethod, input: unknown) => void,
): Promise<void> {
  await context.exposeBinding(INVOKE_BINDING, async (_source, method: unknown, input: unknown) => {
    if (typeof method !== 'string' || !(API_METHODS as string[]).includes(method)) {
      throw new Error(`unknown API method: ${String(method)}`);
    }
    onCall?.(method as ApiMethod, input);
    return dispatch(handlers, method as ApiMethod, input);
  });
  await context.addInitScript(installDepterApi, {
    methods: [...API_METHODS],
    binding: INVOKE_BINDING,
  });
}

import type { BrowserContext, Page } from '@playwright/test';
import {
  API_METHODS,
  apiEvents,
  type ApiEvent,
  type ApiHandlers,
  type ApiMethod,
} from '../../../src/domain/api';
import { dispatch } from '../../../electron/services/api-dispatch';

/** The name of the binding the init script calls; not part of the app's API. */
export const INVOKE_BINDING = '__depterInvoke';

type Invoke = (method: string, input: unknown) => Promise<unknown>;

/** The DOM event the harness fires in a page to deliver a main-to-renderer event. */
const EVENT_PREFIX = '__depter-event:';

/**
 * Runs in the page before any of its scripts, like the preload does in
 * Electron: defines a frozen `window.depter` with exactly the contract's
 * methods, each forwarding to the Playwright binding, and one
 * `on<Event>(listener)` per contract event returning its unsubscribe
 * function. Must be self-contained (Playwright serialises it into the page).
 */
function installDepterApi({
  methods,
  events,
  binding,
  eventPrefix,
}: {
  methods: string[];
  events: string[];
  binding: string;
  eventPrefix: string;
}): void {
  const api: Record<string, unknown> = {};
  for (const method of methods) {
    // Looked up per call: the binding may be attached after this script runs.
    api[method] = (input?: unknown) =>
      (window as unknown as Record<string, Invoke>)[binding]!(method, input);
  }
  for (const event of events) {
    const name = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
    api[name] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a function`);
      // The listener gets no event object, as with the preload.
      const forward = () => (listener as () => void)();
      window.addEventListener(eventPrefix + event, forward);
      return () => window.removeEventListener(eventPrefix + event, forward);
    };
  }
  Object.defineProperty(window, 'depter', {
    value: Object.freeze(api),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}

/** Delivers a main-to-renderer event (e.g. lockRequested) to the page's listeners. */
export async function emitApiEvent(page: Page, event: ApiEvent): Promise<void> {
  await page.evaluate((name) => window.dispatchEvent(new Event(name)), EVENT_PREFIX + event);
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
    events: Object.keys(apiEvents),
    binding: INVOKE_BINDING,
    eventPrefix: EVENT_PREFIX,
  });
}

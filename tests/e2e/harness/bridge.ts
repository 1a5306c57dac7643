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
/** The binding that carries dropped files' bytes to Node (see registerDroppedFiles below). */
export const DROP_BINDING = '__depterDroppedFiles';

/** A dropped file as the page sends it to Node: its name, modification time and bytes. */
export interface DroppedFileBytes {
  name: string;
  lastModified: number;
  base64: string;
}

/**
 * Turns dropped files (already on Node's disk) into the registerDroppedFiles
 * answer. Stands in for the preload's use of Electron's webUtils, which gives
 * main the dropped files' paths; here the bytes travel instead.
 */
export type DroppedFilesReceiver = (files: DroppedFileBytes[]) => Promise<unknown>;

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
  dropBinding,
  eventPrefix,
}: {
  methods: string[];
  events: string[];
  binding: string;
  dropBinding: string;
  eventPrefix: string;
}): void {
  const api: Record<string, unknown> = {};
  for (const method of methods) {
    // Looked up per call: the binding may be attached after this script runs.
    api[method] = (input?: unknown) =>
      (window as unknown as Record<string, Invoke>)[binding]!(method, input);
  }
  // Takes File objects like the preload does; their bytes go to Node, which
  // writes them to disk and calls the real handler with those paths.
  api.registerDroppedFiles = async (files: unknown) => {
    if (!Array.isArray(files) || !files.every((file) => file instanceof File)) {
      throw new TypeError('registerDroppedFiles needs an array of File');
    }
    const toBase64 = async (file: File) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(binary);
    };
    const carried = await Promise.all(
      (files as File[]).map(async (file) => ({
        name: file.name,
        lastModified: file.lastModified,
        base64: await toBase64(file),
      })),
    );
    return (window as unknown as Record<string, (files: unknown) => Promise<unknown>>)[
      dropBinding
    ]!(carried);
  };
  for (const event of events) {
    const name = `on${event.charAt(0).toUpperCase()}${event.slice(1)}`;
    api[name] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a function`);
      // The listener gets the payload alone (no event object), or nothing, as with the preload.
      const forward = (domEvent: Event) => {
        const detail = (domEvent as CustomEvent<unknown>).detail;
        if (detail === null || detail === undefined) (listener as () => void)();
        else (listener as (payload: unknown) => void)(detail);
      };
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

/**
 * Delivers a main-to-renderer event (e.g. lockRequested, evidenceProgress
 * with its payload) to the page's listeners. The payload is checked against
 * the contract first, as main's sendApiEvent does: the page never receives
 * what the contract does not describe.
 */
export async function emitApiEvent(page: Page, event: ApiEvent, payload?: unknown): Promise<void> {
  const parsed = apiEvents[event].payload.parse(payload);
  await page.evaluate(([name, detail]) => window.dispatchEvent(new CustomEvent(name, { detail })), [
    EVENT_PREFIX + event,
    parsed ?? null,
  ] as const);
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
  receiveDroppedFiles?: DroppedFilesReceiver,
): Promise<void> {
  await context.exposeBinding(DROP_BINDING, async (_source, files: unknown) => {
    if (!receiveDroppedFiles) throw new Error('this bridge takes no dropped files');
    if (!Array.isArray(files)) throw new Error('dropped files must be a list');
    return receiveDroppedFiles(files as DroppedFileBytes[]);
  });
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
    dropBinding: DROP_BINDING,
    eventPrefix: EVENT_PREFIX,
  });
}

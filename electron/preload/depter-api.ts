import type { ApiMethod, DepterApi } from '../../src/domain/api';
import { PRELOAD_CHANNELS, PRELOAD_EVENT_CHANNELS } from './channels';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
/** Listens on one channel; returns the function that stops exactly that listener. */
export type Subscribe = (channel: string, listener: () => void) => () => void;

/**
 * Builds `window.depter`: one function per API method, each bound to its own
 * channel and forwarding only its single argument, plus one subscription
 * function per event, each bound to its own channel. There is deliberately no
 * generic "invoke any channel" or "listen to any channel" entry point.
 */
export function buildDepterApi(invoke: Invoke, subscribe: Subscribe): DepterApi {
  const methods = (Object.keys(PRELOAD_CHANNELS) as ApiMethod[]).map((method) => {
    const channel = PRELOAD_CHANNELS[method];
    return [method, (input?: unknown) => invoke(channel, input)] as const;
  });
  const events = {
    onLockRequested(listener: () => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onLockRequested needs a function');
      return subscribe(PRELOAD_EVENT_CHANNELS.lockRequested, listener);
    },
  };
  // The main process validates every result against the contract before it
  // is sent, so the renderer may rely on the declared return types.
  return Object.freeze({ ...Object.fromEntries(methods), ...events }) as unknown as DepterApi;
}

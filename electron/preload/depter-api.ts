import type { ApiMethod, DepterApi } from '../../src/domain/api';
import { PRELOAD_CHANNELS } from './channels';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/**
 * Builds `window.depter`: one function per API method, each bound to its own
 * channel and forwarding only its single argument. There is deliberately no
 * generic "invoke any channel" entry point.
 */
export function buildDepterApi(invoke: Invoke): DepterApi {
  const entries = (Object.keys(PRELOAD_CHANNELS) as ApiMethod[]).map((method) => {
    const channel = PRELOAD_CHANNELS[method];
    return [method, (input?: unknown) => invoke(channel, input)] as const;
  });
  // The main process validates every result against the contract before it
  // is sent, so the renderer may rely on the declared return types.
  return Object.freeze(Object.fromEntries(entries)) as unknown as DepterApi;
}

import { z } from 'zod';

/**
 * The one contract between the renderer and the main process.
 *
 * Each method has an IPC channel, a schema for what the renderer may send and
 * a schema for what comes back. The preload turns this table into
 * `window.depter`, main validates every payload against `input` before a
 * handler runs, and the end-to-end harness bridges the same table to the same
 * Node handlers. Adding a capability means adding a row here, nowhere else.
 */
export const apiContract = {
  /** The OS's preferred UI languages, most preferred first (BCP 47 tags). */
  getSystemLocales: {
    channel: 'system:get-locales',
    input: z.undefined(),
    output: z.array(z.string().max(35)).max(50),
  },
  /** Opens an https link in the system browser if its host is on the allow-list. */
  openExternal: {
    channel: 'shell:open-external',
    input: z.object({ url: z.string().max(2048) }),
    output: z.object({ opened: z.boolean() }),
  },
  /**
   * Asks the user where to save a text file (a damaged record as raw JSON, …)
   * and writes it atomically. Resolves `saved: false` when the user cancels.
   */
  saveTextFile: {
    channel: 'files:save-text',
    input: z.object({
      suggestedName: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^/\\:*?"<>|\0]+$/, 'file name must not contain a path'),
      content: z.string().max(64 * 1024 * 1024),
    }),
    output: z.object({ saved: z.boolean() }),
  },
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

/** What the renderer sees as `window.depter`. */
export type DepterApi = {
  [M in ApiMethod]: ApiInput<M> extends undefined
    ? () => Promise<ApiOutput<M>>
    : (input: ApiInput<M>) => Promise<ApiOutput<M>>;
};

/** What main (or the test harness) implements: inputs arrive already validated. */
export type ApiHandlers = {
  [M in ApiMethod]: (input: z.output<ApiContract[M]['input']>) => Promise<ApiOutput<M>>;
};

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

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
/** Why an unlock or passphrase change was refused; the UI translates each code. */
export const VAULT_ERRORS = [
  'EMPTY_PASSPHRASE',
  'WRONG_PASSPHRASE',
  'THROTTLED',
  'KEY_FILE_DAMAGED',
  'KEY_FILE_MISSING',
  'VAULT_EXISTS',
  'WIPED_AFTER_FAILURES',
  'WEAK_PASSPHRASE',
] as const;
export type VaultError = (typeof VAULT_ERRORS)[number];

const passphrase = z.string().max(1024);

export const vaultStatusSchema = z.object({
  /** absent: first start (no keys.age); locked: keys.age exists, keys not in memory. */
  state: z.enum(['absent', 'locked', 'unlocked']),
  failedAttempts: z.number().int().min(0),
  /** Milliseconds until the next unlock attempt is accepted (0 = now). */
  retryAfterMs: z.number().int().min(0),
  settings: z.object({
    /** Lock after this many minutes without keyboard or mouse input. */
    idleLockMinutes: z.number().int().min(1).max(240),
    /** Quick wipe after this many failed unlocks in a row; null = never (the default). */
    wipeAfterFailures: z.number().int().min(3).max(100).nullable(),
  }),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;
export type VaultSettings = VaultStatus['settings'];

/** What the renderer needs to open the sealed database: given only after an unlock. */
export const vaultSessionSchema = z.object({
  deviceId: z.string().min(1).max(100),
  /** The 256-bit records key, base64; the renderer imports it as a non-extractable CryptoKey. */
  recordsKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});
export type VaultSession = z.infer<typeof vaultSessionSchema>;

const vaultFailure = z.object({
  ok: z.literal(false),
  error: z.enum(VAULT_ERRORS),
  status: vaultStatusSchema,
});

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
  vaultStatus: {
    channel: 'vault:status',
    input: z.undefined(),
    output: vaultStatusSchema,
  },
  /** First start: creates keys.age under the passphrase. Fails if a vault exists. */
  createVault: {
    channel: 'vault:create',
    input: z.object({ passphrase }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), session: vaultSessionSchema }),
      vaultFailure,
    ]),
  },
  unlockVault: {
    channel: 'vault:unlock',
    input: z.object({ passphrase }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), session: vaultSessionSchema }),
      vaultFailure,
    ]),
  },
  /** Main forgets every key; the renderer reloads to the unlock screen right after. */
  lockVault: {
    channel: 'vault:lock',
    input: z.undefined(),
    output: z.object({ locked: z.literal(true) }),
  },
  /** Re-encrypts keys.age only, atomically. Allowed while unlocked. */
  changePassphrase: {
    channel: 'vault:change-passphrase',
    input: z.object({ current: passphrase, next: passphrase }),
    output: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), vaultFailure]),
  },
  setVaultSettings: {
    channel: 'vault:set-settings',
    input: vaultStatusSchema.shape.settings,
    output: vaultStatusSchema,
  },
  /**
   * Quick wipe: destroys keys.age first, then the database and the evidence
   * folder; every step runs even if an earlier one failed. The renderer
   * reloads to first start afterwards.
   */
  wipeVault: {
    channel: 'vault:wipe',
    input: z.object({ confirm: z.literal('WIPE') }),
    output: z.object({ keyFileDestroyed: z.boolean(), failedSteps: z.array(z.string().max(100)) }),
  },
} as const;

/**
 * Messages main sends to the renderer unasked. The preload exposes each as
 * `window.depter.on<Name>(listener)` returning an unsubscribe function.
 */
export const apiEvents = {
  /** Idle timeout, system suspend or screen lock: save drafts, then call lockVault and reload. */
  lockRequested: { channel: 'vault:lock-requested' },
} as const;
export type ApiEvent = keyof typeof apiEvents;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

/** What the renderer sees as `window.depter`. */
export type DepterApi = {
  [M in ApiMethod]: ApiInput<M> extends undefined
    ? () => Promise<ApiOutput<M>>
    : (input: ApiInput<M>) => Promise<ApiOutput<M>>;
} & {
  onLockRequested(listener: () => void): () => void;
};

/** What main (or the test harness) implements: inputs arrive already validated. */
export type ApiHandlers = {
  [M in ApiMethod]: (input: z.output<ApiContract[M]['input']>) => Promise<ApiOutput<M>>;
};

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

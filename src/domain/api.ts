import { z } from 'zod';
import { ageRecipientSchema, publicIdentitySchema } from './contact';
import { sha256HexSchema } from './evidence';

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
  'LOCKED_WHILE_OPENING',
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

/** Why an evidence operation was refused or failed; the UI translates each code. */
export const EVIDENCE_ERRORS = [
  /** The vault is locked: main holds no key to encrypt or decrypt with. */
  'LOCKED',
  /** The source id is unknown (never chosen, already used, or forgotten at a lock). */
  'UNKNOWN_SOURCE',
  /** The file to attach cannot be read (gone, no permission, not a regular file). */
  'SOURCE_UNREADABLE',
  /** The user cancelled; nothing was kept. */
  'CANCELLED',
  /** No space left on the disk holding the evidence store (or where a copy is saved). */
  'DISK_FULL',
  /** No stored file for this SHA-256. */
  'MISSING',
  /** The stored file fails authentication (changed or truncated on disk). */
  'DAMAGED',
  /** It decrypts, but its SHA-256 is not the recorded one. */
  'MISMATCH',
  /** Its type is not one the app plays or previews inside its window. */
  'NOT_PLAYABLE',
  /** Any other disk error while writing. */
  'WRITE_FAILED',
] as const;
export type EvidenceErrorCode = (typeof EVIDENCE_ERRORS)[number];

/**
 * Names a file the user chose (dialog) or dropped, registered in main; the
 * renderer never passes paths itself. Forgotten at a lock.
 */
const sourceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** Chosen by the renderer to match progress events to an operation (verify, save copy). */
const jobIdSchema = sourceIdSchema;

const evidenceSourceSchema = z.object({
  sourceId: sourceIdSchema,
  /** The file's name (no folder), for the progress row. */
  name: z.string().min(1).max(1024),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type EvidenceSource = z.infer<typeof evidenceSourceSchema>;

const evidenceFailure = z.object({ ok: z.literal(false), error: z.enum(EVIDENCE_ERRORS) });

export const attachedFileSchema = z.object({
  sha256: sha256HexSchema,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  mime: z.string().min(3).max(100),
  originalName: z.string().min(1).max(255),
  /** The file's own modification time (ISO 8601 UTC); '' when unknown. */
  modifiedAt: z.string().max(40),
  /** The same content was already in the store: nothing new was written. */
  alreadyStored: z.boolean(),
});
export type AttachedFile = z.infer<typeof attachedFileSchema>;

export const evidenceProgressSchema = z.object({
  /** The source id of an attach, or the job id given to verify / save copy. */
  jobId: sourceIdSchema,
  bytesDone: z.number().int().min(0),
  bytesTotal: z.number().int().min(0),
});
export type EvidenceProgress = z.infer<typeof evidenceProgressSchema>;

/**
 * Why an export or import was refused or failed; the UI translates each code.
 * The first group are the bundle reader's and writer's own codes
 * (electron/services/bundle/errors.ts; main checks at compile time that every
 * one of them is listed here), the rest come from the app around them.
 */
export const BUNDLE_ERRORS = [
  'TAR_BAD_CHECKSUM',
  'TAR_BAD_HEADER',
  'TAR_UNSAFE_NAME',
  'TAR_NAME_NOT_ALLOWED',
  'TAR_LINK',
  'TAR_SPECIAL_FILE',
  'TAR_DIRECTORY_PAYLOAD',
  'TAR_UNSUPPORTED_ENTRY',
  'TAR_DUPLICATE',
  'TAR_SIZE_BEYOND_DATA',
  'TAR_TRUNCATED',
  'TAR_BAD_PADDING',
  'TAR_TRAILING_GARBAGE',
  'NOT_A_BUNDLE',
  'UNSUPPORTED_VERSION',
  'NOT_ADDRESSED_TO_ME',
  'INVALID_IDENTITY',
  'DAMAGED',
  'TRUNCATED',
  'TRAILING_DATA',
  'MANIFEST_INVALID',
  'BAD_SIGNATURE',
  'ENTRY_UNLISTED',
  'ENTRY_MISSING',
  'ENTRY_SIZE_MISMATCH',
  'ENTRY_HASH_MISMATCH',
  'INVALID_UTF8',
  'INVALID_JSON',
  'RECORD_INVALID',
  'COUNT_MISMATCH',
  'VOLUME_INVALID',
  'EVIDENCE_HASH_MISMATCH',
  'EVIDENCE_SIZE_MISMATCH',
  'INPUT_INVALID',
  'OUTPUT_EXISTS',
  /** The vault is locked: main holds no key. */
  'LOCKED',
  /** The chosen file or target is unknown (never chosen, already used, or forgotten at a lock). */
  'UNKNOWN_SOURCE',
  /** The user cancelled; nothing was kept. */
  'CANCELLED',
  /** A stored evidence file to export is missing or fails authentication. */
  'EVIDENCE_UNAVAILABLE',
  /** No space left on the disk being written. */
  'DISK_FULL',
  /** Any other disk error while reading or writing. */
  'IO_FAILED',
  /** The import to finish is unknown (already finished, or forgotten at a lock). */
  'UNKNOWN_IMPORT',
] as const;
export type BundleErrorName = (typeof BUNDLE_ERRORS)[number];

const bundleFailure = z.object({ ok: z.literal(false), error: z.enum(BUNDLE_ERRORS) });
const uuid = z.uuid();
const byteCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Records cross IPC as plain objects; the bundle writer and reader check each against its schema. */
const recordList = z.array(z.unknown()).max(2_000_000);
const bundleRecordsSchema = z.object({
  incidents: recordList,
  actors: recordList,
  evidence: recordList,
  audit: recordList,
  /** lineage.jsonl lines (src/domain/exchange.ts). */
  lineage: recordList,
});

const bundleScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full') }),
  z.object({ kind: z.literal('selection') }),
  z.object({
    kind: z.literal('since'),
    sinceChangeSeq: z.number().int().min(0),
    sinceBundleId: uuid.optional(),
  }),
]);
export type BundleScopeInput = z.infer<typeof bundleScopeSchema>;

const bundleCountsSchema = z.object({
  incidents: byteCount,
  actors: byteCount,
  evidence: byteCount,
  audit: byteCount,
  evidenceFiles: byteCount,
  evidenceBytes: byteCount,
});

export const bundleProgressSchema = z.object({
  jobId: sourceIdSchema,
  phase: z.enum(['export', 'import']),
  bytesDone: byteCount,
  bytesTotal: byteCount,
});
export type BundleProgress = z.infer<typeof bundleProgressSchema>;

/** What main says about a bundle it opened, before anything is committed. */
export const openedBundleSchema = z.object({
  importId: sourceIdSchema,
  bundleId: uuid,
  createdAt: z.iso.datetime({ offset: false }),
  sender: z.object({
    deviceId: z.string().min(1).max(100),
    name: z.string().max(200),
    signingPublicKey: z.string().max(100),
    ageRecipient: ageRecipientSchema,
    /** Of signingPublicKey (docs/FORMAT.md §6.3); the renderer looks it up among contacts. */
    fingerprint: z.string().max(40),
  }),
  scope: z.object({
    kind: z.enum(['full', 'selection', 'since']),
    sinceChangeSeq: z.number().int().min(0).optional(),
    sinceBundleId: uuid.optional(),
  }),
  counts: bundleCountsSchema,
  records: bundleRecordsSchema,
  /** Evidence files now held in the store as uncommitted for this import, by SHA-256 (new ones only). */
  stagedFiles: z.array(sha256HexSchema).max(1_000_000),
  /** The bundle's file names (no folders) and total size. */
  files: z.array(z.string().max(1024)).min(1).max(999),
  size: byteCount,
  sha256: sha256HexSchema,
});
export type OpenedBundle = z.infer<typeof openedBundleSchema>;

/** A file name the user will see in a save dialog: no folder part, nothing a file system refuses. */
function fileNameSchema(maxLength: number) {
  return z
    .string()
    .min(1)
    .max(maxLength)
    .regex(/^[^/\\:*?"<>|\0]+$/, 'file name must not contain a path');
}

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
      suggestedName: fileNameSchema(200),
      content: z.string().max(64 * 1024 * 1024),
    }),
    output: z.object({ saved: z.boolean() }),
  },
  /**
   * Puts text on the system clipboard (a contact card, a recipient): the
   * renderer's own clipboard access is denied by the permission handler.
   * `copied: false` when the system refused.
   */
  copyText: {
    channel: 'clipboard:write-text',
    input: z.object({
      text: z
        .string()
        .min(1)
        .max(8 * 1024),
    }),
    output: z.object({ copied: z.boolean() }),
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

  /** Opens the system's file picker (several files). No sources when the user cancels. */
  chooseEvidenceFiles: {
    channel: 'evidence:choose',
    input: z.undefined(),
    output: z.object({ sources: z.array(evidenceSourceSchema).max(1000) }),
  },
  /**
   * Registers files dropped on the window. The preload turns the dropped
   * `File` objects into paths with Electron's webUtils, so the page itself
   * can only name files the user really dropped; main accepts regular files
   * only and lists the names of what it refused.
   */
  registerDroppedFiles: {
    channel: 'evidence:register-dropped',
    input: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
    output: z.object({
      sources: z.array(evidenceSourceSchema).max(1000),
      refused: z.array(z.string().max(1024)).max(1000),
    }),
  },
  /**
   * Reads the source once: SHA-256 and age encryption in the same pass, into
   * a temporary file that is fsynced and renamed into the store as
   * uncommitted. Progress arrives as evidenceProgress events with
   * jobId = sourceId. The renderer writes the evidence record, then commits.
   */
  attachEvidence: {
    channel: 'evidence:attach',
    input: z.object({ sourceId: sourceIdSchema }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), file: attachedFileSchema }),
      evidenceFailure,
    ]),
  },
  /**
   * Stops a running attach (its temporary file is removed), or drops a
   * chosen file whose attach has not started, so it never will. False if
   * the source is unknown or already finished.
   */
  cancelEvidenceAttach: {
    channel: 'evidence:cancel-attach',
    input: z.object({ sourceId: sourceIdSchema }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** The record naming this file is in the database: the file becomes permanent. */
  commitEvidence: {
    channel: 'evidence:commit',
    input: z.object({ sha256: sha256HexSchema }),
    output: z.object({ committed: z.boolean() }),
  },
  /**
   * After unlock: `keep` is every SHA-256 the database's evidence records
   * name. Uncommitted files not in it (an attach cut short by a crash) are
   * deleted, uncommitted ones in it are committed; committed files are never
   * deleted here, nor uncommitted ones an attach or import of this session
   * still waits to commit. Answers which of `keep` have no stored file.
   */
  reconcileEvidence: {
    channel: 'evidence:reconcile',
    input: z.object({ keep: z.array(sha256HexSchema).max(1_000_000) }),
    output: z.object({
      missing: z.array(sha256HexSchema).max(1_000_000),
      removedUncommitted: z.number().int().min(0),
    }),
  },
  /**
   * A URL on the evidence scheme for <video>, <audio> or <img>, valid until
   * the next lock. Refused (NOT_PLAYABLE) unless the content's sniffed type
   * is on the allow-list; DAMAGED when the file's header or last chunk fails
   * authentication.
   */
  openEvidence: {
    channel: 'evidence:open',
    input: z.object({ sha256: sha256HexSchema }),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        url: z.string().max(200),
        mime: z.string().min(3).max(100),
        kind: z.enum(['video', 'audio', 'image']),
        size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      }),
      evidenceFailure,
    ]),
  },
  /** Re-reads, decrypts and re-hashes the stored file. Progress as evidenceProgress with `jobId`. */
  verifyEvidence: {
    channel: 'evidence:verify',
    input: z.object({ sha256: sha256HexSchema, jobId: jobIdSchema }),
    output: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), evidenceFailure]),
  },
  /**
   * Asks where to save, then writes a decrypted copy atomically (only after
   * its SHA-256 matched). `saved: false` when the user cancels.
   */
  saveEvidenceCopy: {
    channel: 'evidence:save-copy',
    input: z.object({
      sha256: sha256HexSchema,
      jobId: jobIdSchema,
      suggestedName: fileNameSchema(255),
    }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), saved: z.boolean() }),
      evidenceFailure,
    ]),
  },
  /** No record uses this file any more: delete it from the store. */
  discardEvidence: {
    channel: 'evidence:discard',
    input: z.object({ sha256: sha256HexSchema }),
    output: z.object({ deleted: z.boolean() }),
  },

  /** This device's recipient, signing key and its fingerprint, for the contacts screen. Needs the vault unlocked. */
  getPublicIdentity: {
    channel: 'exchange:public-identity',
    input: z.undefined(),
    output: publicIdentitySchema,
  },
  /**
   * Asks the user for a small text file (a partner's contact card or age
   * recipient) and returns its content; `opened: false` when they cancel.
   * Files over 64 KiB or not valid UTF-8 are refused as TOO_LARGE / NOT_TEXT.
   */
  openTextFile: {
    channel: 'files:open-text',
    input: z.undefined(),
    output: z.discriminatedUnion('opened', [
      z.object({ opened: z.literal(false) }),
      z.object({
        opened: z.literal(true),
        name: z.string().max(1024),
        content: z.string().max(64 * 1024),
      }),
      z.object({ opened: z.literal('refused'), reason: z.enum(['TOO_LARGE', 'NOT_TEXT']) }),
    ]),
  },
  /**
   * Asks where to save a bundle (save dialog, `.depter`). The path stays in
   * main; the renderer gets an id for exportBundle and the name to show.
   */
  chooseBundleTarget: {
    channel: 'exchange:choose-target',
    input: z.object({
      suggestedName: fileNameSchema(200),
    }),
    output: z.object({
      target: z.object({ targetId: sourceIdSchema, name: z.string().max(1024) }).nullable(),
    }),
  },
  /**
   * Writes a bundle of the given records to the chosen target, signed with
   * this device's key and encrypted to `recipients` plus this device's own
   * recipient; with `includeEvidence`, every live evidence record's file is
   * streamed from the store. Progress arrives as bundleProgress events with
   * `jobId`; cancelBundleJob stops it and nothing is left behind.
   */
  exportBundle: {
    channel: 'exchange:export',
    input: z.object({
      jobId: sourceIdSchema,
      targetId: sourceIdSchema,
      recipients: z.array(ageRecipientSchema).min(1).max(50),
      senderName: z.string().max(200),
      scope: bundleScopeSchema,
      records: bundleRecordsSchema,
      includeEvidence: z.boolean(),
      /** Bytes per volume; null for one file. At least 1 MiB. */
      volumeSize: z
        .number()
        .int()
        .min(1024 * 1024)
        .max(Number.MAX_SAFE_INTEGER)
        .nullable(),
      csvLanguage: z.enum(['ky', 'ru', 'en']),
    }),
    output: z.discriminatedUnion('ok', [
      z.object({
        ok: z.literal(true),
        bundleId: uuid,
        files: z.array(z.string().max(1024)).min(1).max(999),
        size: byteCount,
        sha256: sha256HexSchema,
        counts: bundleCountsSchema,
      }),
      bundleFailure,
    ]),
  },
  /** Stops a running export or import; false if no such job runs. */
  cancelBundleJob: {
    channel: 'exchange:cancel',
    input: z.object({ jobId: sourceIdSchema }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Asks for a bundle to import: one `.depter` file, or its volumes (one or all of them). */
  chooseBundleSource: {
    channel: 'exchange:choose-source',
    input: z.undefined(),
    output: z.object({
      source: z
        .object({ sourceId: sourceIdSchema, names: z.array(z.string().max(1024)).min(1).max(999) })
        .nullable(),
    }),
  },
  /**
   * Decrypts the chosen bundle with this device's identity, checks the
   * signature and every entry against the manifest, and seals its new
   * evidence files into the store as uncommitted (nothing in plaintext on
   * disk). Nothing reaches the database here: the renderer merges the
   * records, then calls finishBundleImport. Progress as bundleProgress.
   */
  openBundleForImport: {
    channel: 'exchange:open-import',
    input: z.object({ sourceId: sourceIdSchema, jobId: sourceIdSchema }),
    output: z.discriminatedUnion('ok', [
      openedBundleSchema.extend({ ok: z.literal(true) }),
      bundleFailure,
    ]),
  },
  /**
   * After the merge committed (`commit`: the staged files the database now
   * names) or failed or was declined (`commit: []`): commits those files,
   * deletes this import's other staged files, and forgets the import.
   */
  finishBundleImport: {
    channel: 'exchange:finish-import',
    input: z.object({ importId: sourceIdSchema, commit: z.array(sha256HexSchema).max(1_000_000) }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), committed: byteCount, discarded: byteCount }),
      bundleFailure,
    ]),
  },
} as const;

/**
 * Messages main sends to the renderer unasked. The preload exposes each as
 * `window.depter.on<Name>(listener)` returning an unsubscribe function.
 */
export const apiEvents = {
  /** Idle timeout, system suspend or screen lock: save drafts, then call lockVault and reload. */
  lockRequested: { channel: 'vault:lock-requested', payload: z.undefined() },
  /** Bytes done of a running attach, verify or save copy (at most a few times a second). */
  evidenceProgress: { channel: 'evidence:progress', payload: evidenceProgressSchema },
  /** Bytes done of a running export or import (at most a few times a second). */
  bundleProgress: { channel: 'exchange:progress', payload: bundleProgressSchema },
} as const;
export type ApiEvent = keyof typeof apiEvents;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

/** What the renderer sees as `window.depter`. */
export type DepterApi = {
  [M in Exclude<ApiMethod, 'registerDroppedFiles'>]: ApiInput<M> extends undefined
    ? () => Promise<ApiOutput<M>>
    : (input: ApiInput<M>) => Promise<ApiOutput<M>>;
} & {
  onLockRequested(listener: () => void): () => void;
  onEvidenceProgress(listener: (progress: EvidenceProgress) => void): () => void;
  onBundleProgress(listener: (progress: BundleProgress) => void): () => void;
} & {
  /** The preload turns dropped File objects into paths (webUtils) before the call. */
  registerDroppedFiles(files: readonly File[]): Promise<ApiOutput<'registerDroppedFiles'>>;
};

/** What main (or the test harness) implements: inputs arrive already validated. */
export type ApiHandlers = {
  [M in ApiMethod]: (input: z.output<ApiContract[M]['input']>) => Promise<ApiOutput<M>>;
};

export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

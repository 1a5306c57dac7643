import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { VaultError, VaultSettings, VaultStatus } from '../../../src/domain/api';
import { vaultStatusSchema } from '../../../src/domain/api';
import {
  estimatePassphraseStrength,
  MIN_ACCEPTED_SCORE,
} from '../../../src/domain/passphrase-strength';
import { AgeError, decrypt, encrypt } from '../age';
import {
  formatKeyFile,
  generateVaultKeys,
  KeyFileFormatError,
  parseKeyFile,
  zeroFillKeys,
  type VaultKeys,
} from './key-file';
import { MAX_UNLOCK_DELAY_MS, unlockDelayMs } from './throttle';
import { defaultVaultState, readVaultState, writeVaultState, type VaultState } from './vault-state';
import { syncDirectory } from '../atomic-file';

/**
 * The vault on the Node side, free of Electron so it runs in main, in the
 * partner CLI and under vitest alike.
 *
 * Files in the data folder (Electron's userData; a temp dir in tests):
 * - keys.age: an age v1 file encrypted with the passphrase (scrypt, logN 18)
 *   whose plaintext is the key file of key-file.ts. Without it and the
 *   passphrase, nothing Depter stored can be read.
 * - keys.age.tmp: exists only while a vault is created or the passphrase
 *   changes; a leftover one is removed on start (see serial()).
 * - vault-state.json: the unlock throttle and the vault settings, in clear.
 * - evidence/: evidence files (issue 4); the wipe removes it.
 *
 * Operations run one at a time (a queue), so two unlocks or an unlock racing
 * a wipe cannot interleave their reads and writes of the state file.
 */

export const KEY_FILE_NAME = 'keys.age';
export const KEY_FILE_TEMP_NAME = 'keys.age.tmp';
export const STATE_FILE_NAME = 'vault-state.json';
export const EVIDENCE_FOLDER_NAME = 'evidence';
/** Temporary files of a running import or export (never plaintext evidence). */
export const EXCHANGE_WORK_FOLDER_NAME = 'exchange-work';
/** age -p's default: about a second of scrypt on a laptop. */
export const DEFAULT_VAULT_LOG_N = 18;

export type { VaultKeys } from './key-file';

export type VaultFailure = { ok: false; error: VaultError; status: VaultStatus };
export type UnlockResult = { ok: true; keys: VaultKeys } | VaultFailure;
export type ChangePassphraseResult = { ok: true } | VaultFailure;

/** The points between which a crash test may kill changePassphrase. */
export type ChangePassphraseStep = 'temp-written' | 'temp-synced' | 'renamed' | 'dir-synced';

export interface ChangePassphraseHooks {
  afterStep?(step: ChangePassphraseStep): void | Promise<void>;
}

export interface WipeOptions {
  /** Deletes the records database (Electron: session.clearStorageData for IndexedDB). */
  deleteDatabase(): Promise<void>;
}

export interface WipeResult {
  /** true when no keys.age is left on disk, which is what makes every record unreadable. */
  keyFileDestroyed: boolean;
  /** Names of the steps that failed: key-file, key-file-temp, database, evidence, state. */
  failedSteps: string[];
}

export interface VaultServiceOptions {
  dataDir: string;
  /** scrypt work factor for keys.age; tests lower it, the app keeps 18. */
  logN?: number;
  now?: () => number;
  /** Used by the wipe after too many failed unlocks; without it that wipe skips the database. */
  deleteDatabase?: () => Promise<void>;
}

export class VaultService {
  private readonly dataDir: string;
  private readonly logN: number;
  private readonly now: () => number;
  private readonly deleteDatabaseAfterFailures: (() => Promise<void>) | undefined;
  private startedUp = false;
  private unlockedKeys: VaultKeys | null = null;
  /**
   * Counts locks. A lock that arrives while a create or unlock is still
   * deriving its key (a second or more) must win: otherwise a suspend, a
   * closed window or a crashed renderer during that second would leave the
   * keys in memory once the derivation ends.
   */
  private locks = 0;
  private state: VaultState | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor({
    dataDir,
    logN = DEFAULT_VAULT_LOG_N,
    now = Date.now,
    deleteDatabase,
  }: VaultServiceOptions) {
    this.dataDir = dataDir;
    this.logN = logN;
    this.now = now;
    this.deleteDatabaseAfterFailures = deleteDatabase;
  }

  private get keyFilePath(): string {
    return join(this.dataDir, KEY_FILE_NAME);
  }

  private get keyFileTempPath(): string {
    return join(this.dataDir, KEY_FILE_TEMP_NAME);
  }

  private get stateFilePath(): string {
    return join(this.dataDir, STATE_FILE_NAME);
  }

  status(): Promise<VaultStatus> {
    return this.serial(() => this.currentStatus());
  }

  /** The keys while unlocked, else null. The caller must not keep them past a lock. */
  keys(): VaultKeys | null {
    return this.unlockedKeys;
  }

  create(passphrase: string): Promise<UnlockResult> {
    const locksBefore = this.locks;
    return this.serial(async () => {
      const refusal = newPassphraseRefusal(passphrase);
      if (refusal !== undefined) return this.failure(refusal);
      if (await exists(this.keyFilePath)) return this.failure('VAULT_EXISTS');

      // The state file is written before keys.age: a crash in between leaves
      // first start with a fresh state, never a vault without a state file
      // (which would count as tampering, see loadState).
      this.state = defaultVaultState();
      await writeVaultState(this.stateFilePath, this.state);

      const keys = generateVaultKeys(new Date(this.now()));
      const plaintext = Buffer.from(formatKeyFile(keys), 'utf8');
      const sealed = await encrypt(plaintext, { passphrase, logN: this.logN });
      plaintext.fill(0);
      // link() fails with EEXIST where rename() would replace: an existing
      // keys.age is never overwritten, even by a create racing another process.
      await writeDurably(this.keyFileTempPath, sealed);
      try {
        await link(this.keyFileTempPath, this.keyFilePath);
      } catch (error) {
        await unlink(this.keyFileTempPath).catch(() => undefined);
        if (errorCode(error) === 'EEXIST') {
          zeroFillKeys(keys);
          return this.failure('VAULT_EXISTS');
        }
        throw error;
      }
      await unlink(this.keyFileTempPath);
      await syncDirectory(this.dataDir);
      return this.openSession(keys, locksBefore);
    });
  }

  unlock(passphrase: string): Promise<UnlockResult> {
    const locksBefore = this.locks;
    return this.serial(async () => {
      if (passphrase === '') return this.failure('EMPTY_PASSPHRASE');
      const opened = await this.openKeyFile(passphrase);
      if (!opened.ok) return opened;
      return this.openSession(opened.keys, locksBefore);
    });
  }

  /**
   * Zero-fills the secret buffers and forgets every key; a create or unlock
   * still in progress ends refused (LOCKED_WHILE_OPENING) instead of opening.
   */
  lock(): void {
    this.locks++;
    if (this.unlockedKeys !== null) zeroFillKeys(this.unlockedKeys);
    this.unlockedKeys = null;
  }

  /**
   * Re-encrypts keys.age under `next`: keys.age.tmp is written and fsynced,
   * renamed over keys.age, then the folder is fsynced. Before the rename the
   * old keys.age is untouched (the old passphrase works); the rename is
   * atomic, so after it the new file is complete (the new one works). A
   * keys.age.tmp left by a crash is therefore never needed and the next
   * start removes it.
   */
  changePassphrase(
    current: string,
    next: string,
    hooks: ChangePassphraseHooks = {},
  ): Promise<ChangePassphraseResult> {
    return this.serial(async () => {
      if (current === '') return this.failure('EMPTY_PASSPHRASE');
      const refusal = newPassphraseRefusal(next);
      if (refusal !== undefined) return this.failure(refusal);
      // The current passphrase is checked like an unlock, throttle included,
      // so an unlocked, unattended machine does not become a guessing oracle.
      const opened = await this.openKeyFile(current);
      if (!opened.ok) return opened;
      const held = this.unlockedKeys;
      if (held !== null && held.deviceId !== opened.keys.deviceId) {
        zeroFillKeys(opened.keys);
        return this.failure('KEY_FILE_DAMAGED');
      }
      const plaintext = Buffer.from(formatKeyFile(opened.keys), 'utf8');
      zeroFillKeys(opened.keys);
      const sealed = await encrypt(plaintext, { passphrase: next, logN: this.logN });
      plaintext.fill(0);

      await writeDurably(this.keyFileTempPath, sealed, async () => {
        await hooks.afterStep?.('temp-written');
      });
      await hooks.afterStep?.('temp-synced');
      await rename(this.keyFileTempPath, this.keyFilePath);
      await hooks.afterStep?.('renamed');
      await syncDirectory(this.dataDir);
      await hooks.afterStep?.('dir-synced');
      return { ok: true as const };
    });
  }

  /**
   * Only while unlocked: otherwise whoever holds the laptop could switch off
   * the wipe after failed attempts from the unlock screen.
   */
  setSettings(settings: VaultSettings): Promise<VaultStatus> {
    return this.serial(async () => {
      if (this.unlockedKeys === null) throw new Error('vault settings change only while unlocked');
      const valid = vaultStatusSchema.shape.settings.parse(settings);
      const state = await this.loadState();
      this.state = { ...state, settings: valid };
      await writeVaultState(this.stateFilePath, this.state);
      return this.currentStatus();
    });
  }

  wipe(options: WipeOptions): Promise<WipeResult> {
    return this.serial(() => this.wipeNow(options.deleteDatabase));
  }

  private async wipeNow(deleteDatabase: (() => Promise<void>) | undefined): Promise<WipeResult> {
    this.lock();
    const failedSteps: string[] = [];
    const step = async (name: string, action: () => Promise<void>): Promise<void> => {
      try {
        await action();
      } catch {
        failedSteps.push(name);
      }
    };
    // keys.age first: once it is gone, whatever the later steps leave behind
    // stays sealed under a key nobody has. Overwriting first matters on disks
    // that do not reuse blocks at once; on SSDs and copy-on-write file systems
    // the old blocks may survive, which is why the passphrase must still be strong.
    await step('key-file', () => destroyFile(this.keyFilePath));
    await step('key-file-temp', () => destroyFile(this.keyFileTempPath));
    // A disk error here must not end the wipe before the later steps run.
    const keyFileDestroyed = !(await exists(this.keyFilePath).catch(() => true));
    if (deleteDatabase !== undefined) await step('database', deleteDatabase);
    await step('evidence', () =>
      rm(join(this.dataDir, EVIDENCE_FOLDER_NAME), { recursive: true, force: true }),
    );
    await step('exchange-work', () =>
      rm(join(this.dataDir, EXCHANGE_WORK_FOLDER_NAME), { recursive: true, force: true }),
    );
    await step('state', () => rm(this.stateFilePath, { force: true }));
    this.state = defaultVaultState();
    await step('sync', () => syncDirectory(this.dataDir));
    return { keyFileDestroyed, failedSteps };
  }

  /**
   * Decrypts and parses keys.age under the throttle. The attempt is counted
   * as a failure and persisted BEFORE scrypt runs, and reset only after a
   * success: killing the app mid-attempt cannot dodge the counter.
   */
  private async openKeyFile(passphrase: string): Promise<UnlockResult> {
    const state = await this.loadState();
    if (this.retryAfterMs(state) > 0) return this.failure('THROTTLED');

    let sealed: Buffer;
    try {
      sealed = await readFile(this.keyFilePath);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return this.failure('KEY_FILE_MISSING');
      throw error;
    }

    const failedAttempts = state.failedAttempts + 1;
    const now = this.now();
    this.state = {
      ...state,
      failedAttempts,
      lastFailureAt: now,
      retryNotBefore: now + unlockDelayMs(failedAttempts),
    };
    await writeVaultState(this.stateFilePath, this.state);

    let plaintext: Buffer;
    try {
      // Depter writes keys.age at this.logN; a higher factor is refused before
      // scrypt runs, so a planted file cannot make main allocate gigabytes.
      plaintext = await decrypt(sealed, {
        passphrase,
        maxLogN: Math.max(this.logN, DEFAULT_VAULT_LOG_N),
      });
    } catch (error) {
      if (error instanceof AgeError && error.code === 'BAD_PASSPHRASE') {
        const limit = state.settings.wipeAfterFailures;
        if (limit !== null && failedAttempts >= limit) {
          await this.wipeNow(this.deleteDatabaseAfterFailures);
          return this.failure('WIPED_AFTER_FAILURES');
        }
        return this.failure('WRONG_PASSPHRASE');
      }
      // A damaged file says nothing about the passphrase: take the attempt back.
      this.state = state;
      await writeVaultState(this.stateFilePath, state);
      if (error instanceof AgeError) return this.failure('KEY_FILE_DAMAGED');
      throw error;
    }

    await this.resetFailures(state);
    try {
      const keys = parseKeyFile(plaintext.toString('utf8'));
      return { ok: true as const, keys };
    } catch (error) {
      if (error instanceof KeyFileFormatError) return this.failure('KEY_FILE_DAMAGED');
      throw error;
    } finally {
      plaintext.fill(0);
    }
  }

  private async resetFailures(before: VaultState): Promise<void> {
    this.state = { ...before, failedAttempts: 0, lastFailureAt: null, retryNotBefore: null };
    await writeVaultState(this.stateFilePath, this.state);
  }

  /**
   * Reads vault-state.json once per service (then keeps it in memory, as this
   * service is its only writer). A missing state file beside an existing
   * keys.age, or a damaged one, cannot be told apart from someone resetting
   * the throttle by deleting or editing it, so it costs one maximum delay;
   * settings fall back to the defaults. Someone who can edit the data folder
   * could instead copy keys.age and guess offline, so this is about the
   * unlock screen, not a defence against that.
   */
  private async loadState(): Promise<VaultState> {
    if (this.state !== undefined) return this.state;
    const read = await readVaultState(this.stateFilePath);
    if (read.kind === 'ok') {
      this.state = read.state;
    } else if (read.kind === 'missing' && !(await exists(this.keyFilePath))) {
      this.state = defaultVaultState();
    } else {
      const now = this.now();
      this.state = {
        ...defaultVaultState(),
        lastFailureAt: now,
        retryNotBefore: now + MAX_UNLOCK_DELAY_MS,
      };
      await writeVaultState(this.stateFilePath, this.state);
    }
    return this.state;
  }

  /**
   * A wait longer than the maximum can only come from a clock that was
   * wrong at the failure (or moved back since) or from an edited state file;
   * it is cut to the maximum from now, so nobody is locked out for years.
   */
  private retryAfterMs(state: VaultState): number {
    if (state.retryNotBefore === null) return 0;
    const now = this.now();
    if (state.retryNotBefore - now > MAX_UNLOCK_DELAY_MS) {
      state.retryNotBefore = now + MAX_UNLOCK_DELAY_MS;
    }
    return Math.max(0, Math.ceil(state.retryNotBefore - now));
  }

  private async startUp(): Promise<void> {
    if (this.startedUp) return;
    await rm(this.keyFileTempPath, { force: true });
    this.startedUp = true;
  }

  private async currentStatus(): Promise<VaultStatus> {
    const state = await this.loadState();
    let vaultState: VaultStatus['state'];
    if (this.unlockedKeys !== null) vaultState = 'unlocked';
    else vaultState = (await exists(this.keyFilePath)) ? 'locked' : 'absent';
    return {
      state: vaultState,
      failedAttempts: state.failedAttempts,
      retryAfterMs: this.retryAfterMs(state),
      settings: { ...state.settings },
    };
  }

  private async failure(error: VaultError): Promise<VaultFailure> {
    return { ok: false, error, status: await this.currentStatus() };
  }

  private async openSession(keys: VaultKeys, locksBefore: number): Promise<UnlockResult> {
    if (this.locks !== locksBefore) {
      zeroFillKeys(keys);
      return this.failure('LOCKED_WHILE_OPENING');
    }
    this.replaceKeys(keys);
    return { ok: true as const, keys };
  }

  private replaceKeys(keys: VaultKeys): void {
    if (this.unlockedKeys !== null && this.unlockedKeys !== keys) zeroFillKeys(this.unlockedKeys);
    this.unlockedKeys = keys;
  }

  /**
   * Runs operations one after another; the first one also removes a leftover
   * keys.age.tmp. That file is only ever an unfinished create (keys.age is
   * absent, or already linked to the same bytes) or an unfinished passphrase
   * change (the rename had not happened, so keys.age still opens with the old
   * passphrase; after the rename no .tmp exists). It is never needed.
   */
  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.startUp()).then(operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function newPassphraseRefusal(passphrase: string): VaultError | undefined {
  if (passphrase === '') return 'EMPTY_PASSPHRASE';
  if (estimatePassphraseStrength(passphrase).score < MIN_ACCEPTED_SCORE) return 'WEAK_PASSPHRASE';
  return undefined;
}

/** Writes a new file (replacing a stale one) and fsyncs it before returning. */
async function writeDurably(
  path: string,
  data: Uint8Array,
  afterWrite?: () => Promise<void>,
): Promise<void> {
  await rm(path, { force: true });
  // 'wx' refuses to follow a symlink planted at the path.
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await afterWrite?.();
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Overwrites a file with random bytes, fsyncs, unlinks; a missing file is fine. */
async function destroyFile(path: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const handle = await open(path, 'r+');
    try {
      await handle.write(randomBytes(size), 0, size, 0);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } finally {
    // Unlink even if the overwrite failed: a file that is gone is still better.
    await unlink(path);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

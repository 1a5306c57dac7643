import type {
  ApiHandlers,
  VaultError,
  VaultSession,
  VaultSettings,
  VaultStatus,
} from '../../src/domain/api';
import { writeFileAtomic } from './atomic-file';
import type { EvidenceApiHandlers } from './evidence/evidence-handlers';
import type { ExchangeApiHandlers } from './exchange/exchange-types';
import { allowedExternalUrl } from './external-links';

/** A refusal from the vault, as a value: the UI translates the code. */
export interface VaultRefusal {
  ok: false;
  error: VaultError;
  status: VaultStatus;
}

/** The keys an unlocked vault holds; the handlers read only what they pass on. */
export interface VaultSessionKeys {
  deviceId: string;
  /** 32 bytes. */
  recordsKey: Buffer;
  /** `age1…`: evidence files are encrypted to it. */
  ageRecipient: string;
  /** `AGE-SECRET-KEY-1…`: decrypts evidence files; never leaves main. */
  ageIdentity: string;
  /** 32-byte Ed25519 seed: signs bundles; never leaves main. */
  signingSeed: Buffer;
  /** Its 32-byte public key, shown to partners. */
  signingPublicKey: Buffer;
}

/**
 * What the handlers need from the vault service
 * (electron/services/vault/vault-service.ts): declared structurally so tests
 * can pass a fake and the e2e harness the real service.
 */
export interface VaultLike {
  status(): Promise<VaultStatus>;
  create(passphrase: string): Promise<{ ok: true; keys: VaultSessionKeys } | VaultRefusal>;
  unlock(passphrase: string): Promise<{ ok: true; keys: VaultSessionKeys } | VaultRefusal>;
  /** The keys while unlocked, null while locked. */
  keys(): VaultSessionKeys | null;
  lock(): void;
  changePassphrase(current: string, next: string): Promise<{ ok: true } | VaultRefusal>;
  setSettings(settings: VaultSettings): Promise<VaultStatus>;
  wipe(options: {
    deleteDatabase(): Promise<void>;
  }): Promise<{ keyFileDestroyed: boolean; failedSteps: string[] }>;
}

/** What the handlers need from the platform (Electron in the app, fakes in tests). */
export interface ApiHandlerDeps {
  getSystemLocales(): string[];
  openExternal(url: string): Promise<void>;
  /** Asks the user where to save; null when they cancel. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /** Electron's clipboard.writeText; throws when the system clipboard refuses. */
  writeClipboardText(text: string): void;
  vault: VaultLike;
  /** Deletes the renderer's IndexedDB (Electron: the default session's storage). */
  deleteDatabase(): Promise<void>;
  /** The evidence methods (./evidence/evidence-handlers.ts), built on the same vault. */
  evidence: EvidenceApiHandlers;
  /** Contacts' keys, export and import (./exchange/exchange-handlers.ts). */
  exchange: ExchangeApiHandlers;
}

/** A call that needs the keys arrived while the vault is locked: the UI never offers that. */
export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
  constructor() {
    // The code leads the message: Electron's IPC carries only the message.
    super('VAULT_LOCKED: the vault must be unlocked first');
  }
}

// The contract caps the list and each tag; an OS may report more, so the
// handler trims rather than failing the whole call.
const MAX_LOCALES = 50;
const MAX_LOCALE_LENGTH = 35;

export function createApiHandlers(deps: ApiHandlerDeps): ApiHandlers {
  return {
    ...deps.evidence,
    ...deps.exchange,

    async getSystemLocales() {
      return deps
        .getSystemLocales()
        .filter((tag) => typeof tag === 'string' && tag.length > 0)
        .filter((tag) => tag.length <= MAX_LOCALE_LENGTH)
        .slice(0, MAX_LOCALES);
    },

    async openExternal({ url }) {
      const allowed = allowedExternalUrl(url);
      if (allowed === null) return { opened: false };
      try {
        await deps.openExternal(allowed);
        return { opened: true };
      } catch {
        // No browser registered, or the OS refused: the renderer tells the user.
        return { opened: false };
      }
    },

    async saveTextFile({ suggestedName, content }) {
      const path = await deps.chooseSavePath(suggestedName);
      if (path === null) return { saved: false };
      await writeFileAtomic(path, content);
      return { saved: true };
    },

    async copyText({ text }) {
      try {
        deps.writeClipboardText(text);
        return { copied: true };
      } catch {
        // No clipboard (a headless session) or the system refused: the renderer says so.
        return { copied: false };
      }
    },

    vaultStatus: () => deps.vault.status(),

    async createVault({ passphrase }) {
      return sessionAnswer(await deps.vault.create(passphrase));
    },

    async unlockVault({ passphrase }) {
      return sessionAnswer(await deps.vault.unlock(passphrase));
    },

    async lockVault() {
      deps.vault.lock();
      return { locked: true };
    },

    async changePassphrase({ current, next }) {
      if (deps.vault.keys() === null) throw new VaultLockedError();
      const result = await deps.vault.changePassphrase(current, next);
      return result.ok ? { ok: true } : refusal(result);
    },

    setVaultSettings: (settings) => deps.vault.setSettings(settings),

    async wipeVault() {
      // The confirmation was checked by the contract ({ confirm: 'WIPE' }).
      const { keyFileDestroyed, failedSteps } = await deps.vault.wipe({
        deleteDatabase: deps.deleteDatabase,
      });
      return { keyFileDestroyed, failedSteps: [...failedSteps] };
    },
  };
}

/**
 * The only place the records key leaves main: in the answer to the create or
 * unlock call of the renderer that will hold it. The other keys (age
 * identity, signing key) never leave main.
 */
function sessionAnswer(
  result: { ok: true; keys: VaultSessionKeys } | VaultRefusal,
): { ok: true; session: VaultSession } | VaultRefusal {
  if (!result.ok) return refusal(result);
  return {
    ok: true,
    session: {
      deviceId: result.keys.deviceId,
      recordsKey: result.keys.recordsKey.toString('base64'),
    },
  };
}

/** Copies only the declared fields, so nothing else the service attached can leak out. */
function refusal({ error, status }: VaultRefusal): VaultRefusal {
  return { ok: false, error, status };
}

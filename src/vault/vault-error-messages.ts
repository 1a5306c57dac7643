import type { VaultError } from '../domain/api';

/** Where the error happened: the same code can mean something else to the user. */
export type VaultErrorContext = 'create' | 'unlock' | 'change';

const MESSAGE_KEYS: Record<VaultError, string> = {
  EMPTY_PASSPHRASE: 'error.emptyPassphrase',
  WRONG_PASSPHRASE: 'error.wrongPassphrase',
  THROTTLED: 'error.throttled',
  KEY_FILE_DAMAGED: 'error.keyFileDamaged',
  KEY_FILE_MISSING: 'error.keyFileMissing',
  VAULT_EXISTS: 'error.vaultExists',
  WIPED_AFTER_FAILURES: 'error.wipedAfterFailures',
  WEAK_PASSPHRASE: 'error.weakPassphrase',
  LOCKED_WHILE_OPENING: 'error.lockedWhileOpening',
};

/** The `vault:` translation key for a refusal from main. */
export function vaultErrorMessageKey(error: VaultError, context: VaultErrorContext): string {
  // When changing the passphrase, "wrong" is about the current one the user typed.
  if (context === 'change' && error === 'WRONG_PASSPHRASE') return 'error.wrongCurrentPassphrase';
  // A weak passphrase can only be refused when choosing a new one.
  if (context === 'change' && error === 'WEAK_PASSPHRASE') return 'error.weakNewPassphrase';
  return MESSAGE_KEYS[error];
}

/** When the call itself failed (IPC broke, main threw): nothing was changed by the UI. */
export const UNEXPECTED_ERROR_KEY = 'error.unexpected';

import { describe, expect, it } from 'vitest';
import { VAULT_ERRORS } from '../domain/api';
import { vaultErrorMessageKey } from './vault-error-messages';
import en from '../../locales/en/vault.json';

describe('vault error messages', () => {
  it('gives every error code its own message in every context', () => {
    for (const context of ['create', 'unlock', 'change'] as const) {
      const keys = VAULT_ERRORS.map((error) => vaultErrorMessageKey(error, context));
      expect(new Set(keys).size).toBe(VAULT_ERRORS.length);
      for (const key of keys) expect(en).toHaveProperty([key]);
    }
  });

  it('says "current passphrase" when changing it', () => {
    expect(vaultErrorMessageKey('WRONG_PASSPHRASE', 'unlock')).toBe('error.wrongPassphrase');
    expect(vaultErrorMessageKey('WRONG_PASSPHRASE', 'change')).toBe('error.wrongCurrentPassphrase');
    expect(vaultErrorMessageKey('WEAK_PASSPHRASE', 'change')).toBe('error.weakNewPassphrase');
  });
});

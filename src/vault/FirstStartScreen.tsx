import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultError, VaultSession, VaultStatus } from '../domain/api';
import { BusyNotice } from './BusyNotice';
import { isNewPassphraseAcceptable, NewPassphraseFields } from './NewPassphraseFields';
import { UNEXPECTED_ERROR_KEY, vaultErrorMessageKey } from './vault-error-messages';
import { VaultLayout } from './VaultLayout';

export interface FirstStartScreenProps {
  onSession: (session: VaultSession) => void;
  /** Shown above the form after a wipe (e.g. after too many failed unlocks). */
  notice?: string | undefined;
  /**
   * The key file exists now but no session opened (a lock came in while it
   * was being created, or another Depter created it): unlock is next.
   */
  onCreatedLocked?: (status: VaultStatus, error: VaultError) => void;
}

/**
 * First start: choose the passphrase that protects keys.age. The create
 * button stays disabled until the passphrase is strong enough, repeated, and
 * the user has said they understand it cannot be recovered.
 */
export function FirstStartScreen({ onSession, notice, onCreatedLocked }: FirstStartScreenProps) {
  const { t } = useTranslation('vault');
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [creating, setCreating] = useState(false);
  const [errorKey, setErrorKey] = useState<string | null>(null);

  const ready = understood && isNewPassphraseAcceptable(passphrase, repeat) && !creating;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setCreating(true);
    setErrorKey(null);
    try {
      const result = await window.depter.createVault({ passphrase });
      if (result.ok) {
        onSession(result.session);
        return;
      }
      if (result.status.state === 'locked' && onCreatedLocked !== undefined) {
        onCreatedLocked(result.status, result.error);
        return;
      }
      setErrorKey(vaultErrorMessageKey(result.error, 'create'));
    } catch {
      setErrorKey(UNEXPECTED_ERROR_KEY);
    }
    setCreating(false);
  };

  return (
    <VaultLayout testId="first-start">
      <h1>{t('create.title')}</h1>
      {notice ? (
        <p className="notice notice--danger" role="alert">
          {notice}
        </p>
      ) : null}
      <p>{t('create.intro')}</p>
      <form className="vault-form" onSubmit={(event) => void submit(event)} noValidate>
        <NewPassphraseFields
          passphrase={passphrase}
          repeat={repeat}
          onPassphraseChange={setPassphrase}
          onRepeatChange={setRepeat}
          labelKey="create.passphrase"
          testIds={{ passphrase: 'passphrase', repeat: 'passphrase-repeat' }}
          disabled={creating}
          autoFocus
        />
        <div className="notice notice--warning vault-warning">
          <p id={`${id}-warning`}>
            <strong>{t('create.noRecoveryTitle')}</strong> {t('create.noRecoveryBody')}
          </p>
          <label className="vault-check">
            <input
              type="checkbox"
              checked={understood}
              disabled={creating}
              data-testid="understand-no-recovery"
              aria-describedby={`${id}-warning`}
              onChange={(event) => setUnderstood(event.target.checked)}
            />
            {t('create.understand')}
          </label>
        </div>
        {errorKey ? (
          <p className="notice notice--danger" role="alert">
            {t(errorKey)}
          </p>
        ) : null}
        {creating ? <BusyNotice text={t('create.creating')} /> : null}
        <div className="vault-actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="create-vault"
            disabled={!ready}
          >
            {t('create.submit')}
          </button>
        </div>
      </form>
    </VaultLayout>
  );
}

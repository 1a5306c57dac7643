import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultError, VaultSession, VaultStatus } from '../domain/api';
import { BusyNotice } from './BusyNotice';
import { attemptsBeforeWipe, formatCountdown, retryDeadline, secondsLeft } from './countdown';
import { PassphraseField } from './PassphraseField';
import { QuickWipeAction } from './QuickWipeAction';
import { UNEXPECTED_ERROR_KEY, vaultErrorMessageKey } from './vault-error-messages';
import { VaultLayout } from './VaultLayout';

export interface UnlockScreenProps {
  initialStatus: VaultStatus;
  onSession: (session: VaultSession) => void;
  /** Main wiped everything after too many failures: the app goes back to first start. */
  onWipedAfterFailures: () => void;
  /** A refusal to show from the start: a vault created while a lock came in opens here. */
  initialError?: VaultError | undefined;
}

/**
 * Shown on every start and after every lock. While main throttles attempts,
 * the field is disabled and the time left counts down; the number of failures
 * and, when wipe-after-N is on, the attempts left are always in view.
 */
export function UnlockScreen({
  initialStatus,
  onSession,
  onWipedAfterFailures,
  initialError,
}: UnlockScreenProps) {
  const { t } = useTranslation('vault');
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState(initialStatus);
  const [passphrase, setPassphrase] = useState('');
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<VaultError | 'unexpected' | null>(initialError ?? null);
  const [deadline, setDeadline] = useState(() =>
    retryDeadline(initialStatus.retryAfterMs, Date.now()),
  );
  const [now, setNow] = useState(() => Date.now());

  const waitSeconds = secondsLeft(deadline, now);
  const throttled = waitSeconds > 0;

  useEffect(() => {
    if (!throttled) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [throttled]);

  // When the wait is over (or an attempt failed), the field is ready to type into again.
  useEffect(() => {
    if (!throttled && !checking) inputRef.current?.focus();
  }, [throttled, checking]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking || throttled) return;
    if (passphrase.length === 0) {
      setError('EMPTY_PASSPHRASE');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      const result = await window.depter.unlockVault({ passphrase });
      if (result.ok) {
        setPassphrase('');
        onSession(result.session);
        return;
      }
      if (result.error === 'WIPED_AFTER_FAILURES') {
        onWipedAfterFailures();
        return;
      }
      setStatus(result.status);
      const received = Date.now();
      setNow(received);
      setDeadline(retryDeadline(result.status.retryAfterMs, received));
      setError(result.error);
      setPassphrase('');
    } catch {
      setError('unexpected');
    }
    setChecking(false);
  };

  const attemptsLeft = attemptsBeforeWipe(status.failedAttempts, status.settings.wipeAfterFailures);
  const errorText =
    error === null
      ? null
      : t(error === 'unexpected' ? UNEXPECTED_ERROR_KEY : vaultErrorMessageKey(error, 'unlock'));

  return (
    <VaultLayout testId="unlock-screen">
      <h1>{t('unlock.title')}</h1>
      <p id={`${id}-intro`}>{t('unlock.intro')}</p>
      <form className="vault-form" onSubmit={(event) => void submit(event)} noValidate>
        <PassphraseField
          id={`${id}-passphrase`}
          inputRef={inputRef}
          label={t('unlock.passphrase')}
          value={passphrase}
          onChange={(value) => {
            setPassphrase(value);
            if (error === 'EMPTY_PASSPHRASE') setError(null);
          }}
          autoComplete="current-password"
          autoFocus
          disabled={checking || throttled}
          invalid={error === 'WRONG_PASSPHRASE' || error === 'EMPTY_PASSPHRASE'}
          describedBy={errorText ? `${id}-error` : `${id}-intro`}
          testId="unlock-passphrase"
        />
        <div id={`${id}-error`} role="alert" data-testid="unlock-error" className="vault-error">
          {errorText ? <p className="notice notice--danger">{errorText}</p> : null}
        </div>
        {throttled ? (
          // role="timer" is not announced every second; the alert above said why we wait.
          <p className="vault-wait" role="timer" aria-atomic="true">
            {t('unlock.waitFor', { time: formatCountdown(waitSeconds) })}
          </p>
        ) : null}
        {status.failedAttempts > 0 ? (
          <p className="muted">{t('unlock.failedAttempts', { count: status.failedAttempts })}</p>
        ) : null}
        {attemptsLeft !== null ? (
          <p className="vault-hint vault-hint--error">
            {t('unlock.attemptsBeforeWipe', { count: attemptsLeft })}
          </p>
        ) : null}
        {checking ? <BusyNotice text={t('unlock.checking')} /> : null}
        <div className="vault-actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="unlock-submit"
            disabled={checking || throttled}
          >
            {t('unlock.submit')}
          </button>
        </div>
      </form>
      <section className="vault-wipe" aria-labelledby={`${id}-wipe`}>
        <h2 id={`${id}-wipe`}>{t('wipe.heading')}</h2>
        <p className="muted">{t('wipe.unlockHint')}</p>
        <QuickWipeAction />
      </section>
    </VaultLayout>
  );
}

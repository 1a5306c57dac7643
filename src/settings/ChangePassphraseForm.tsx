import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepterApi } from '../domain/api';
import { BusyNotice } from '../vault/BusyNotice';
import { isNewPassphraseAcceptable, NewPassphraseFields } from '../vault/NewPassphraseFields';
import { PassphraseField } from '../vault/PassphraseField';
import { UNEXPECTED_ERROR_KEY, vaultErrorMessageKey } from '../vault/vault-error-messages';

/**
 * Current passphrase, new one twice with the strength meter. Main re-encrypts
 * keys.age only, atomically; the records key and the records stay as they are.
 */
export function ChangePassphraseForm({ api }: { api: DepterApi }) {
  const { t } = useTranslation('vault');
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; key: string } | null>(null);

  const ready = current.length > 0 && isNewPassphraseAcceptable(next, repeat) && !busy;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setOutcome(null);
    try {
      const result = await api.changePassphrase({ current, next });
      if (result.ok) {
        setCurrent('');
        setNext('');
        setRepeat('');
        setOutcome({ ok: true, key: 'change.done' });
      } else {
        setOutcome({ ok: false, key: vaultErrorMessageKey(result.error, 'change') });
      }
    } catch {
      setOutcome({ ok: false, key: UNEXPECTED_ERROR_KEY });
    }
    setBusy(false);
  };

  return (
    <form className="vault-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t('change.heading')}</h3>
      <p className="muted">{t('change.intro')}</p>
      <PassphraseField
        id={`${id}-current`}
        label={t('change.current')}
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
        disabled={busy}
      />
      <NewPassphraseFields
        passphrase={next}
        repeat={repeat}
        onPassphraseChange={setNext}
        onRepeatChange={setRepeat}
        labelKey="change.next"
        disabled={busy}
      />
      {busy ? <BusyNotice text={t('change.changing')} /> : null}
      <div role="status">
        {outcome ? (
          <p className={outcome.ok ? 'notice' : 'notice notice--danger'}>{t(outcome.key)}</p>
        ) : null}
      </div>
      <div className="vault-actions">
        <button type="submit" className="button button--primary" disabled={!ready}>
          {t('change.submit')}
        </button>
      </div>
    </form>
  );
}

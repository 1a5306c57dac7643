import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DepterApi, VaultSettings } from '../domain/api';
import { depterApi } from '../ui/depter-bridge';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { QuickWipeAction } from '../vault/QuickWipeAction';
import { ChangePassphraseForm } from './ChangePassphraseForm';
import {
  IDLE_MINUTES_MAX,
  IDLE_MINUTES_MIN,
  parseIdleMinutes,
  wipeAfterChoices,
} from './idle-minutes';

/**
 * Settings › Security: idle lock, wipe after N failed unlocks (off by
 * default, turning it on needs a confirmation), change passphrase, quick wipe.
 */
export function SecuritySection() {
  const { t } = useTranslation('settings');
  const id = useId();
  const [api] = useState(depterApi);
  const [settings, setSettings] = useState<VaultSettings | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);

  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    api.vaultStatus().then(
      (status) => {
        if (!cancelled) setSettings(status.settings);
      },
      () => {
        if (!cancelled) setLoadFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);

  return (
    <section
      className="panel settings-section"
      aria-labelledby={`${id}-security`}
      data-testid="settings-security"
    >
      <h2 id={`${id}-security`}>{t('security.heading')}</h2>
      {!api || loadFailed ? (
        <p className="muted">{t('security.unavailable')}</p>
      ) : settings === null ? (
        <p className="muted" role="status">
          {t('common:loading')}
        </p>
      ) : (
        <>
          <IdleLockSetting api={api} settings={settings} onSaved={setSettings} />
          <WipeAfterSetting api={api} settings={settings} onSaved={setSettings} />
          <ChangePassphraseForm api={api} />
        </>
      )}
      <h3>{t('security.wipeHeading')}</h3>
      <p className="muted">{t('security.wipeHint')}</p>
      {api ? <QuickWipeAction /> : null}
    </section>
  );
}

interface SettingProps {
  api: DepterApi;
  settings: VaultSettings;
  onSaved: (settings: VaultSettings) => void;
}

type SaveState = 'idle' | 'saved' | 'failed' | 'invalid';

function IdleLockSetting({ api, settings, onSaved }: SettingProps) {
  const { t } = useTranslation('settings');
  const id = useId();
  const [text, setText] = useState(String(settings.idleLockMinutes));
  const [state, setState] = useState<SaveState>('idle');

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = parseIdleMinutes(text);
    if (minutes === null) {
      setState('invalid');
      return;
    }
    try {
      const status = await api.setVaultSettings({ ...settings, idleLockMinutes: minutes });
      onSaved(status.settings);
      setText(String(status.settings.idleLockMinutes));
      setState('saved');
    } catch {
      setState('failed');
    }
  };

  return (
    <form className="security-row" onSubmit={(event) => void save(event)} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-idle`}>
          {t('security.idleLabel')}
        </label>
        <div className="security-row__control">
          <input
            id={`${id}-idle`}
            className="control security-row__number"
            type="number"
            inputMode="numeric"
            min={IDLE_MINUTES_MIN}
            max={IDLE_MINUTES_MAX}
            step={1}
            value={text}
            aria-invalid={state === 'invalid' ? true : undefined}
            aria-describedby={`${id}-idle-hint ${id}-idle-state`}
            onChange={(event) => {
              setText(event.target.value);
              setState('idle');
            }}
          />
          <button type="submit" className="button">
            {t('security.save')}
          </button>
        </div>
        <p id={`${id}-idle-hint`} className="muted">
          {t('security.idleHint')}
        </p>
        <p id={`${id}-idle-state`} role="status" className={saveStateClass(state)}>
          {saveStateText(state, t)}
        </p>
      </div>
    </form>
  );
}

function WipeAfterSetting({ api, settings, onSaved }: SettingProps) {
  const { t } = useTranslation('settings');
  const id = useId();
  const [pending, setPending] = useState<number | null>(null);
  const [state, setState] = useState<SaveState>('idle');

  const save = async (wipeAfterFailures: number | null) => {
    try {
      const status = await api.setVaultSettings({ ...settings, wipeAfterFailures });
      onSaved(status.settings);
      setState('saved');
    } catch {
      setState('failed');
    }
  };

  return (
    <div className="field security-row">
      <label className="field__label" htmlFor={`${id}-wipe`}>
        {t('security.wipeAfterLabel')}
      </label>
      <select
        id={`${id}-wipe`}
        className="control security-row__select"
        value={settings.wipeAfterFailures === null ? 'off' : String(settings.wipeAfterFailures)}
        aria-describedby={`${id}-wipe-hint ${id}-wipe-state`}
        onChange={(event) => {
          setState('idle');
          const value = event.target.value;
          // Turning it off is always safe; turning it on is confirmed first.
          if (value === 'off') void save(null);
          else setPending(Number(value));
        }}
      >
        <option value="off">{t('security.wipeAfterOff')}</option>
        {wipeAfterChoices(settings.wipeAfterFailures).map((count) => (
          <option key={count} value={String(count)}>
            {t('security.wipeAfterOption', { count })}
          </option>
        ))}
      </select>
      <p id={`${id}-wipe-hint`} className="muted">
        {t('security.wipeAfterHint')}
      </p>
      <p id={`${id}-wipe-state`} role="status" className={saveStateClass(state)}>
        {saveStateText(state, t)}
      </p>
      <ConfirmDialog
        open={pending !== null}
        tone="danger"
        title={t('security.wipeAfterConfirmTitle')}
        confirmLabel={t('security.wipeAfterConfirm')}
        cancelLabel={t('security.cancel')}
        onConfirm={() => {
          const count = pending;
          setPending(null);
          if (count !== null) void save(count);
        }}
        onCancel={() => setPending(null)}
      >
        <p>{t('security.wipeAfterConfirmBody', { count: pending ?? 0 })}</p>
      </ConfirmDialog>
    </div>
  );
}

function saveStateClass(state: SaveState): string {
  return state === 'failed' || state === 'invalid' ? 'vault-hint vault-hint--error' : 'muted';
}

function saveStateText(state: SaveState, t: (key: string) => string): string {
  if (state === 'saved') return t('security.saved');
  if (state === 'failed') return t('security.saveFailed');
  if (state === 'invalid') return t('security.idleInvalid');
  return '';
}

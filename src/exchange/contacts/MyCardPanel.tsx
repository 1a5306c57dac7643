import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';
import type { DepterApi } from '../../domain/api';
import type { PublicIdentity } from '../../domain/contact';
import { writeContactCard } from '../../domain/contact-card';
import { TextField } from '../../ui/TextField';
import { contactCardQrSvg } from './contact-qr';
import { FingerprintGroups } from './FingerprintGroups';

type Status = { tone: 'ok' | 'danger'; text: string } | null;

/**
 * This device's card: the name shown to partners, the age recipient, the
 * fingerprint in large groups, and the card itself to copy, save or show
 * as a QR code.
 */
export function MyCardPanel({ api, identity }: { api: DepterApi; identity: PublicIdentity }) {
  const { t } = useTranslation('contacts');
  const repository = useRepository();
  const id = useId();
  const [savedName, setSavedName] = useState<string | null>(null);
  const [nameDraft, setNameDraft] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [showQr, setShowQr] = useState(false);

  useEffect(() => {
    let current = true;
    repository.getExchangeProfile().then(
      (profile) => {
        if (!current) return;
        setSavedName(profile.senderName);
        setNameDraft(profile.senderName);
      },
      (error: unknown) => {
        console.error('reading the exchange profile failed', error);
        if (current) setSavedName('');
      },
    );
    return () => {
      current = false;
    };
  }, [repository]);

  const card = useMemo(
    () =>
      writeContactCard({
        name: savedName,
        ageRecipient: identity.ageRecipient,
        signingPublicKey: identity.signingPublicKey,
      }),
    [identity, savedName],
  );
  const qrSvg = useMemo(() => (showQr ? contactCardQrSvg(card) : ''), [card, showQr]);

  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const senderName = nameDraft.trim();
      await repository.setExchangeProfile({ senderName });
      setSavedName(senderName);
      setNameDraft(senderName);
      setStatus({ tone: 'ok', text: t('identity.nameSaved') });
    } catch (error) {
      console.error('saving the exchange profile failed', error);
      setStatus({ tone: 'danger', text: t('identity.nameFailed') });
    }
  };

  const copyCard = async () => {
    const { copied } = await api.copyText({ text: card }).catch(() => ({ copied: false }));
    setStatus(
      copied
        ? { tone: 'ok', text: t('identity.copied') }
        : { tone: 'danger', text: t('identity.copyFailed') },
    );
  };

  const saveCard = async () => {
    try {
      const { saved } = await api.saveTextFile({
        suggestedName: `${t('identity.fileName')}.txt`,
        content: card,
      });
      if (saved) setStatus({ tone: 'ok', text: t('identity.fileSaved') });
    } catch (error) {
      console.error('saving the card failed', error);
      setStatus({ tone: 'danger', text: t('identity.fileFailed') });
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="my-card">
      <h2 id={`${id}-heading`}>{t('identity.heading')}</h2>
      <p className="muted contacts__section-intro">{t('identity.hint')}</p>

      <form className="contacts__name-form" onSubmit={(event) => void saveName(event)}>
        <TextField
          id={`${id}-sender-name`}
          label={t('identity.senderName')}
          hint={t('identity.senderNameHint')}
          value={nameDraft}
          onChange={setNameDraft}
          testId="sender-name"
        />
        <button
          type="submit"
          className="ui-button"
          disabled={savedName === null || nameDraft.trim() === savedName}
        >
          {t('identity.saveName')}
        </button>
      </form>

      <h3>{t('identity.recipient')}</h3>
      <p className="contacts__key" data-testid="my-recipient" translate="no">
        {identity.ageRecipient}
      </p>
      <h3 id={`${id}-fingerprint`}>{t('identity.fingerprint')}</h3>
      <p className="muted">{t('identity.fingerprintHint')}</p>
      <FingerprintGroups fingerprint={identity.fingerprint} label={t('identity.fingerprint')} />

      <div className="contacts__actions">
        <button
          type="button"
          className="ui-button ui-button--primary"
          onClick={() => void copyCard()}
        >
          {t('identity.copy')}
        </button>
        <button type="button" className="ui-button" onClick={() => void saveCard()}>
          {t('identity.saveFile')}
        </button>
        <button
          type="button"
          className="ui-button"
          aria-expanded={showQr}
          aria-controls={`${id}-qr`}
          onClick={() => setShowQr((shown) => !shown)}
        >
          {showQr ? t('identity.hideQr') : t('identity.showQr')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {status && (
          <p className={status.tone === 'danger' ? 'notice notice--danger' : 'notice'}>
            {status.text}
          </p>
        )}
      </div>
      <div id={`${id}-qr`}>
        {showQr && (
          <figure
            className="contacts__qr"
            role="img"
            aria-label={t('identity.qrLabel')}
            data-testid="my-card-qr"
            // The SVG comes from the QR encoder, made of path data only; the card text is not in it as markup.
            dangerouslySetInnerHTML={{ __html: qrSvg }}
          />
        )}
      </div>
      <details>
        <summary>{t('identity.cardText')}</summary>
        <pre className="contacts__card-text" data-testid="my-card-text" translate="no">
          {card}
        </pre>
      </details>
    </section>
  );
}

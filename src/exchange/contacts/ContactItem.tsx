import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';
import { DuplicateRecipientError } from '../../db/contacts-store';
import type { Contact } from '../../domain/contact';
import { parseContactCard } from '../../domain/contact-card';
import { fingerprintOfSigningKey } from '../../domain/fingerprint';
import { useDateTextFormatter } from '../../i18n/use-date-text-formatter';
import { TextField } from '../../ui/TextField';
import { FingerprintGroups } from './FingerprintGroups';

type Mode = 'view' | 'edit' | 'verify';

interface ContactItemProps {
  contact: Contact;
  /** Null while this device's identity is unknown: verifying needs both fingerprints. */
  myFingerprint: string | null;
  onChanged: (notice: { text: string; tone: 'ok' | 'warning' }) => void;
  onDelete: (contact: Contact) => void;
}

/** One partner: what is known of them, and editing, verifying or deleting them. */
export function ContactItem({ contact, myFingerprint, onChanged, onDelete }: ContactItemProps) {
  const { t } = useTranslation('contacts');
  const repository = useRepository();
  const dates = useDateTextFormatter();
  const id = useId();
  const [mode, setMode] = useState<Mode>('view');
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = useRef(false);

  useEffect(() => {
    if (mode !== 'view' || !focusHeading.current) return;
    focusHeading.current = false;
    headingRef.current?.focus();
  }, [mode, contact]);

  const backToView = () => {
    focusHeading.current = true;
    setProblem(null);
    setMode('view');
  };

  const save = async (next: Contact, notice: { text: string; tone: 'ok' | 'warning' }) => {
    try {
      await repository.saveContact(next);
      backToView();
      onChanged(notice);
      return true;
    } catch (error) {
      if (error instanceof DuplicateRecipientError) {
        setProblem(t('edit.duplicate'));
      } else {
        console.error('saving the contact failed', error);
        setProblem(t('list.failed'));
      }
      return false;
    }
  };

  const fingerprint = contact.signingPublicKey
    ? fingerprintOfSigningKey(contact.signingPublicKey)
    : null;

  return (
    <li
      className="contacts__item"
      data-testid="contact-item"
      data-contact-id={contact.id}
      aria-labelledby={`${id}-name`}
    >
      <h3 id={`${id}-name`} ref={headingRef} tabIndex={-1}>
        <span>{contact.name}</span>
        {contact.signingPublicKey === null ? (
          <span className="badge badge--draft">{t('list.noKey')}</span>
        ) : contact.verified ? (
          <span className="badge badge--verified" data-testid="contact-status">
            {t('list.verified')}
          </span>
        ) : (
          <span className="badge contacts__badge--unverified" data-testid="contact-status">
            {t('list.unverified')}
          </span>
        )}
      </h3>
      <dl className="contacts__facts">
        <dt>{t('list.recipient')}</dt>
        <dd className="contacts__key" translate="no">
          {contact.ageRecipient}
        </dd>
        {fingerprint && (
          <>
            <dt>{t('list.fingerprint')}</dt>
            <dd className="contacts__key" translate="no">
              {fingerprint}
            </dd>
          </>
        )}
        {contact.note && (
          <>
            <dt>{t('edit.note')}</dt>
            <dd>{contact.note}</dd>
          </>
        )}
      </dl>
      <p className="muted">
        {t('list.added', { when: dates.format(new Date(contact.addedAt), 'day') })}
        {contact.verified && contact.verifiedAt && (
          <>
            {' '}
            · {t('list.verifiedOn', { when: dates.format(new Date(contact.verifiedAt), 'day') })}
          </>
        )}
        {contact.lastExport && (
          <>
            {' '}
            ·{' '}
            {t('list.lastExport', {
              when: dates.format(new Date(contact.lastExport.at), 'minute'),
            })}
          </>
        )}
      </p>
      {contact.signingPublicKey === null && <p className="muted">{t('list.noKeyHint')}</p>}
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem}
        </p>
      )}

      {mode === 'view' && (
        <div className="contacts__actions">
          {contact.signingPublicKey !== null && !contact.verified && myFingerprint !== null && (
            <button
              type="button"
              className="ui-button ui-button--primary"
              onClick={() => setMode('verify')}
            >
              {t('list.verify')}
            </button>
          )}
          {contact.verified && (
            <button
              type="button"
              className="ui-button"
              onClick={() =>
                void save(
                  { ...contact, verified: false, verifiedAt: null },
                  { text: t('verify.unverified', { name: contact.name }), tone: 'ok' },
                )
              }
            >
              {t('list.unverify')}
            </button>
          )}
          <button type="button" className="ui-button" onClick={() => setMode('edit')}>
            {t('list.edit')}
          </button>
          <button
            type="button"
            className="ui-button ui-button--danger"
            onClick={() => onDelete(contact)}
          >
            {t('list.delete')}
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <EditContactForm
          contact={contact}
          onCancel={backToView}
          onSave={(next) => save(next, { text: t('edit.saved', { name: next.name }), tone: 'ok' })}
        />
      )}
      {mode === 'verify' && fingerprint && myFingerprint !== null && (
        <VerifyContact
          contact={contact}
          theirFingerprint={fingerprint}
          myFingerprint={myFingerprint}
          onCancel={backToView}
          onMatch={() =>
            void save(
              { ...contact, verified: true, verifiedAt: new Date().toISOString() },
              { text: t('verify.verified', { name: contact.name }), tone: 'ok' },
            )
          }
          onMismatch={() => {
            backToView();
            onChanged({
              text: t('verify.mismatchWarning', { name: contact.name }),
              tone: 'warning',
            });
          }}
        />
      )}
    </li>
  );
}

function EditContactForm({
  contact,
  onCancel,
  onSave,
}: {
  contact: Contact;
  onCancel: () => void;
  onSave: (next: Contact) => Promise<boolean>;
}) {
  const { t } = useTranslation('contacts');
  const id = useId();
  const [name, setName] = useState(contact.name);
  const [note, setNote] = useState(contact.note);
  const [newCard, setNewCard] = useState('');
  const [error, setError] = useState<{ field: 'name' | 'card'; text: string } | null>(null);
  const nameRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const cardRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  useEffect(() => nameRef.current?.focus(), []);

  const replacement = newCard.trim() === '' ? null : parseContactCard(newCard);
  const keyChanges =
    replacement?.ok === true &&
    contact.verified &&
    replacement.card.signingPublicKey !== contact.signingPublicKey;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError({ field: 'name', text: t('add.nameRequired') });
      nameRef.current?.focus();
      return;
    }
    if (replacement && !replacement.ok) {
      setError({ field: 'card', text: t(`card.errors.${replacement.error}`) });
      cardRef.current?.focus();
      return;
    }
    const keys = replacement?.ok
      ? {
          ageRecipient: replacement.card.ageRecipient,
          signingPublicKey: replacement.card.signingPublicKey,
        }
      : {};
    await onSave({ ...contact, ...keys, name: name.trim(), note: note.trim() });
  };

  return (
    <form
      className="contacts__verify"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h4 id={`${id}-heading`}>{t('edit.heading', { name: contact.name })}</h4>
      <TextField
        id={`${id}-name`}
        label={t('edit.name')}
        value={name}
        onChange={(value) => {
          setName(value);
          setError(null);
        }}
        error={error?.field === 'name' ? error.text : undefined}
        required
        inputRef={nameRef}
        testId="edit-contact-name"
      />
      <TextField
        id={`${id}-note`}
        label={t('edit.note')}
        rows={2}
        value={note}
        onChange={setNote}
      />
      <TextField
        id={`${id}-card`}
        label={t('edit.newCard')}
        hint={t('edit.newCardHint')}
        rows={4}
        value={newCard}
        onChange={(value) => {
          setNewCard(value);
          setError(null);
        }}
        error={error?.field === 'card' ? error.text : undefined}
        inputRef={cardRef}
      />
      {keyChanges && <p className="notice contacts__warning">{t('edit.keyChanged')}</p>}
      <div className="contacts__actions">
        <button type="submit" className="ui-button ui-button--primary">
          {t('edit.save')}
        </button>
        <button type="button" className="ui-button" onClick={onCancel}>
          {t('edit.cancel')}
        </button>
      </div>
    </form>
  );
}

function VerifyContact({
  contact,
  theirFingerprint,
  myFingerprint,
  onCancel,
  onMatch,
  onMismatch,
}: {
  contact: Contact;
  theirFingerprint: string;
  myFingerprint: string;
  onCancel: () => void;
  onMatch: () => void;
  onMismatch: () => void;
}) {
  const { t } = useTranslation('contacts');
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section
      className="contacts__verify"
      aria-labelledby={`${id}-heading`}
      data-testid="verify-contact"
    >
      <h4 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {t('verify.heading', { name: contact.name })}
      </h4>
      <p>{t('verify.howTo', { name: contact.name })}</p>
      <h5>{t('verify.theirs')}</h5>
      <FingerprintGroups fingerprint={theirFingerprint} label={t('verify.theirs')} />
      <h5>{t('verify.mine')}</h5>
      <FingerprintGroups fingerprint={myFingerprint} label={t('verify.mine')} />
      <div className="contacts__actions">
        <button type="button" className="ui-button ui-button--primary" onClick={onMatch}>
          {t('verify.match')}
        </button>
        <button type="button" className="ui-button ui-button--danger" onClick={onMismatch}>
          {t('verify.mismatch')}
        </button>
        <button type="button" className="ui-button" onClick={onCancel}>
          {t('verify.cancel')}
        </button>
      </div>
    </section>
  );
}

import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';
import { DuplicateRecipientError } from '../../db/contacts-store';
import type { DepterApi } from '../../domain/api';
import type { Contact, PublicIdentity } from '../../domain/contact';
import { parseContactCard, type ContactCard } from '../../domain/contact-card';
import { fingerprintOfSigningKey } from '../../domain/fingerprint';
import { newId } from '../../domain/ids';
import { TextField } from '../../ui/TextField';
import { FingerprintGroups } from './FingerprintGroups';

interface AddContactPanelProps {
  api: DepterApi;
  identity: PublicIdentity;
  contacts: readonly Contact[];
  onAdded: (contact: Contact) => void;
}

/**
 * Adding a partner: their card (pasted or loaded from a file) is read and
 * shown first, with its fingerprint, and saved only once it has a name.
 */
export function AddContactPanel({ api, identity, contacts, onAdded }: AddContactPanelProps) {
  const { t } = useTranslation('contacts');
  const repository = useRepository();
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [card, setCard] = useState<ContactCard | null>(null);
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [nameError, setNameError] = useState<string | undefined>(undefined);
  const pasteRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const nameRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  const refuse = (message: string) => {
    setCard(null);
    setProblem(message);
  };

  const read = (source: string) => {
    setProblem(null);
    const result = parseContactCard(source);
    if (!result.ok) {
      refuse(t(`card.errors.${result.error}`));
      return;
    }
    if (result.card.ageRecipient === identity.ageRecipient) {
      refuse(t('add.ownCard'));
      return;
    }
    const twin = contacts.find((contact) => contact.ageRecipient === result.card.ageRecipient);
    if (twin) {
      refuse(t('add.duplicate', { name: twin.name }));
      return;
    }
    setCard(result.card);
    setName(result.card.name ?? '');
    setNote('');
    setNameError(undefined);
    // The preview appears below: the name is what the user checks or types next.
    requestAnimationFrame(() => nameRef.current?.focus());
  };

  const loadFile = async () => {
    try {
      const answer = await api.openTextFile();
      if (answer.opened === false) return;
      if (answer.opened === 'refused') {
        refuse(t(answer.reason === 'TOO_LARGE' ? 'add.fileTooLarge' : 'add.fileNotText'));
        return;
      }
      setText(answer.content);
      read(answer.content);
    } catch (error) {
      console.error('opening the card file failed', error);
      refuse(t('add.fileFailed'));
    }
  };

  const cancel = () => {
    setCard(null);
    setProblem(null);
    pasteRef.current?.focus();
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!card) return;
    const trimmed = name.trim();
    if (trimmed.length === 0) {
      setNameError(t('add.nameRequired'));
      nameRef.current?.focus();
      return;
    }
    try {
      const saved = await repository.saveContact({
        id: newId(),
        name: trimmed,
        ageRecipient: card.ageRecipient,
        signingPublicKey: card.signingPublicKey,
        verified: false,
        verifiedAt: null,
        note: note.trim(),
        addedAt: new Date().toISOString(),
        lastExport: null,
      });
      setCard(null);
      setText('');
      setProblem(null);
      onAdded(saved);
    } catch (error) {
      if (error instanceof DuplicateRecipientError) {
        const twin = contacts.find((contact) => contact.id === error.existingContactId);
        setProblem(t('add.duplicate', { name: twin?.name ?? '' }));
      } else {
        console.error('saving the contact failed', error);
        setProblem(t('add.saveFailed'));
      }
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="add-contact">
      <h2 id={`${id}-heading`}>{t('add.heading')}</h2>
      <TextField
        id={`${id}-paste`}
        label={t('add.pasteLabel')}
        hint={t('add.pasteHint')}
        rows={5}
        value={text}
        onChange={setText}
        inputRef={pasteRef}
        testId="contact-paste"
        className="contacts__paste"
      />
      <div className="contacts__actions">
        <button type="button" className="ui-button ui-button--primary" onClick={() => read(text)}>
          {t('add.read')}
        </button>
        <button type="button" className="ui-button" onClick={() => void loadFile()}>
          {t('add.loadFile')}
        </button>
      </div>
      <div role="alert">
        {problem && (
          <p className="notice notice--danger" data-testid="contact-card-error">
            {problem}
          </p>
        )}
      </div>
      {card && (
        <form
          className="contacts__preview"
          aria-labelledby={`${id}-preview`}
          onSubmit={(event) => void add(event)}
          noValidate
        >
          <h3 id={`${id}-preview`}>{t('add.previewHeading')}</h3>
          <TextField
            id={`${id}-name`}
            label={t('add.name')}
            value={name}
            onChange={(value) => {
              setName(value);
              setNameError(undefined);
            }}
            error={nameError}
            required
            inputRef={nameRef}
            testId="new-contact-name"
          />
          <TextField
            id={`${id}-note`}
            label={t('add.note')}
            rows={2}
            value={note}
            onChange={setNote}
          />
          <dl className="contacts__facts">
            <dt>{t('list.recipient')}</dt>
            <dd className="contacts__key" translate="no">
              {card.ageRecipient}
            </dd>
          </dl>
          {card.signingPublicKey ? (
            <>
              <h4>{t('add.theirFingerprint')}</h4>
              <FingerprintGroups
                fingerprint={fingerprintOfSigningKey(card.signingPublicKey)}
                label={t('add.theirFingerprint')}
              />
            </>
          ) : (
            <p className="notice contacts__warning">{t('add.noSigningKey')}</p>
          )}
          <div className="contacts__actions">
            <button type="submit" className="ui-button ui-button--primary">
              {t('add.submit')}
            </button>
            <button type="button" className="ui-button" onClick={cancel}>
              {t('add.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

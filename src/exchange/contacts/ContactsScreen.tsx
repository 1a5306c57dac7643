import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';
import type { Contact, PublicIdentity } from '../../domain/contact';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { depterApi } from '../../ui/depter-bridge';
import { AddContactPanel } from './AddContactPanel';
import { ContactItem } from './ContactItem';
import { MyCardPanel } from './MyCardPanel';
import './contacts.css';

interface Notice {
  text: string;
  tone: 'ok' | 'warning';
}

/**
 * This device's card and the partners bundles are exchanged with: adding
 * them from their card, verifying their fingerprint aloud, editing and
 * deleting them.
 */
export function ContactsScreen() {
  const { t } = useTranslation('contacts');
  const repository = useRepository();
  const id = useId();
  const [api] = useState(depterApi);
  const [identity, setIdentity] = useState<PublicIdentity | null>(null);
  const [identityFailed, setIdentityFailed] = useState(false);
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [reloads, setReloads] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const listHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusNewContact = useRef<string | null>(null);

  useEffect(() => {
    if (!api) return;
    let current = true;
    api.getPublicIdentity().then(
      (answer) => {
        if (current) setIdentity(answer);
      },
      (error: unknown) => {
        console.error('reading the public identity failed', error);
        if (current) setIdentityFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  useEffect(() => {
    let current = true;
    repository.listContacts().then(
      (listed) => {
        if (current) setContacts(listed);
      },
      (error: unknown) => {
        console.error('listing contacts failed', error);
        if (current) setProblem(t('list.failed'));
      },
    );
    return () => {
      current = false;
    };
  }, [repository, reloads, t]);

  // A new partner's heading takes focus once the list shows it, so the next step (verify) is near.
  useEffect(() => {
    const wanted = focusNewContact.current;
    if (!wanted || !contacts?.some((contact) => contact.id === wanted)) return;
    focusNewContact.current = null;
    document.querySelector<HTMLElement>(`[data-contact-id="${wanted}"] h3`)?.focus();
  }, [contacts]);

  const changed = useCallback((next: Notice) => {
    setNotice(next);
    setReloads((count) => count + 1);
  }, []);

  const confirmDelete = async (contact: Contact) => {
    setDeleting(null);
    try {
      await repository.deleteContact(contact.id);
      changed({ text: t('list.deleted', { name: contact.name }), tone: 'ok' });
    } catch (error) {
      console.error('deleting the contact failed', error);
      setProblem(t('list.failed'));
    }
    listHeadingRef.current?.focus();
  };

  return (
    <div className="page contacts" data-testid="contacts-screen">
      <div className="page__header">
        <h1>{t('title')}</h1>
      </div>
      <p className="muted">{t('intro')}</p>
      <div role="status" aria-live="polite">
        {notice && (
          <p
            className={notice.tone === 'warning' ? 'notice contacts__warning' : 'notice'}
            data-testid="contacts-notice"
          >
            {notice.text}
          </p>
        )}
      </div>
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem}
        </p>
      )}

      {!api || identityFailed ? (
        <p className="notice">{t('unavailable')}</p>
      ) : identity === null || contacts === null ? (
        <p className="muted" role="status">
          {t('loading')}
        </p>
      ) : (
        <>
          <MyCardPanel api={api} identity={identity} />
          <AddContactPanel
            api={api}
            identity={identity}
            contacts={contacts}
            onAdded={(contact) => {
              focusNewContact.current = contact.id;
              changed({ text: t('add.added', { name: contact.name }), tone: 'ok' });
            }}
          />
        </>
      )}

      <section className="panel" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`} ref={listHeadingRef} tabIndex={-1}>
          {t('list.heading')}
          {contacts !== null && contacts.length > 0 && (
            <span className="badge badge--draft contacts__count">{contacts.length}</span>
          )}
        </h2>
        {contacts === null ? null : contacts.length === 0 ? (
          <p className="empty-state">{t('list.empty')}</p>
        ) : (
          <ul className="contacts__list" aria-label={t('list.label')} data-testid="contact-list">
            {contacts.map((contact) => (
              <ContactItem
                key={contact.id}
                contact={contact}
                myFingerprint={identity?.fingerprint ?? null}
                onChanged={changed}
                onDelete={setDeleting}
              />
            ))}
          </ul>
        )}
      </section>

      <ConfirmDialog
        open={deleting !== null}
        title={t('list.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('list.deleteConfirm')}
        cancelLabel={t('list.deleteCancel')}
        tone="danger"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) void confirmDelete(deleting);
        }}
      >
        <p>{t('list.deleteBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

import { useTranslation } from 'react-i18next';

/** This device's public key and the partners bundles are exchanged with. */
export function ContactsScreen() {
  const { t } = useTranslation('contacts');
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('title')}</h1>
      </div>
    </div>
  );
}

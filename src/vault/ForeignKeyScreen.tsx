import { useTranslation } from 'react-i18next';
import { QuickWipeAction } from './QuickWipeAction';
import { VaultLayout } from './VaultLayout';

/**
 * The passphrase opened keys.age, but its records key does not open the
 * records in the database (a key file copied from another install, or a
 * database restored from elsewhere). Nothing is overwritten; the only
 * destructive way on is a quick wipe, behind its confirmation.
 */
export function ForeignKeyScreen() {
  const { t } = useTranslation('vault');
  return (
    <VaultLayout testId="foreign-key">
      <h1>{t('foreign.title')}</h1>
      <div role="alert">
        <p>{t('foreign.body')}</p>
      </div>
      <p>{t('foreign.advice')}</p>
      <p className="muted">{t('foreign.wipeHint')}</p>
      <QuickWipeAction />
    </VaultLayout>
  );
}

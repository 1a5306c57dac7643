import { useTranslation } from 'react-i18next';

/** Shown instead of the app when the database cannot be opened, with the technical reason. */
export function StartupError({ reason }: { reason: string }) {
  const { t } = useTranslation('common');
  return (
    <main className="startup" role="alert">
      <h1>{t('startup.failedTitle')}</h1>
      <p>{t('startup.failedDetail')}</p>
      <pre>{reason}</pre>
    </main>
  );
}

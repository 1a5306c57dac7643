import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../app/LanguageSwitch';
import './vault.css';

/**
 * The frame of the screens shown before the records are open (first start,
 * unlock, a key file that does not match): the name and the language switch,
 * which must be at hand before anything else.
 */
export function VaultLayout({ children, testId }: { children: ReactNode; testId: string }) {
  const { t } = useTranslation('common');
  return (
    <div className="vault-layout">
      <header className="topbar">
        <div className="topbar__brand">
          <span className="topbar__name">{t('appName')}</span>
          <span className="topbar__tagline">{t('appTagline')}</span>
        </div>
        <div className="topbar__tools">
          <LanguageSwitch />
        </div>
      </header>
      <main className="vault-screen" data-testid={testId}>
        <div className="vault-card panel">{children}</div>
      </main>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { ConflictsPanel } from './conflicts/ConflictsPanel';
import { ImportPanel } from './import/ImportPanel';
import { ExportPanel } from './export/ExportPanel';

/**
 * Sending work to partners and taking in theirs: export (export/), import
 * (import/) and the conflicts an import left for the user (conflicts/).
 */
export function ExchangeScreen() {
  const { t } = useTranslation('exchange');
  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('title')}</h1>
      </div>
      <ExportPanel />
      <ImportPanel />
      <ConflictsPanel />
    </div>
  );
}

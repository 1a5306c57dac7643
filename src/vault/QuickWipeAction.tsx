import { useContext, useState } from 'react';
import Dexie from 'dexie';
import { useTranslation } from 'react-i18next';
import { RepositoryContext } from '../app/repository-context';
import { DATABASE_NAME } from '../db/schema';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { quickWipe, type WipeReport } from './quick-wipe';
import './vault.css';

export interface QuickWipeActionProps {
  /** Called after the wipe; the default reloads, which starts at first start. */
  onWiped?: (report: WipeReport) => void;
}

/**
 * The quick wipe button with its one confirmation (nothing to type: under
 * pressure it must be fast, but not one accidental click). Used on the unlock
 * screen, in Settings, and when the key file does not match the records.
 */
export function QuickWipeAction({ onWiped }: QuickWipeActionProps) {
  const { t } = useTranslation('vault');
  // Present in Settings; absent before unlock, when no connection is open.
  const repository = useContext(RepositoryContext);
  const [confirming, setConfirming] = useState(false);
  const [wiping, setWiping] = useState(false);
  const [failure, setFailure] = useState<WipeReport | null>(null);

  const wipe = async () => {
    setConfirming(false);
    setWiping(true);
    const report = await quickWipe({
      wipeVault: () => window.depter.wipeVault({ confirm: 'WIPE' }),
      ...(repository ? { closeDatabase: () => repository.close() } : {}),
      deleteDatabase: () => Dexie.delete(DATABASE_NAME),
      databaseExists: async () =>
        (await indexedDB.databases()).some((database) => database.name === DATABASE_NAME),
    });
    setWiping(false);
    if (report.failedSteps.length > 0 || !report.keyFileDestroyed) {
      // Say so instead of reloading silently: the user must know something may remain.
      setFailure(report);
      return;
    }
    if (onWiped) onWiped(report);
    else restartFromScratch();
  };

  return (
    <div className="quick-wipe">
      <button
        type="button"
        className="button vault-danger-button"
        data-testid="quick-wipe"
        aria-haspopup="dialog"
        disabled={wiping}
        onClick={() => setConfirming(true)}
      >
        {wiping ? t('wipe.running') : t('wipe.button')}
      </button>
      {failure ? (
        <div className="notice notice--danger" role="alert">
          <p>{failure.keyFileDestroyed ? t('wipe.partlyFailed') : t('wipe.keyFileNotDestroyed')}</p>
          <p>{t('wipe.failedSteps', { steps: failure.failedSteps.join(', ') })}</p>
          <button type="button" className="button" onClick={restartFromScratch}>
            {t('wipe.restart')}
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        tone="danger"
        title={t('wipe.confirmTitle')}
        confirmLabel={t('wipe.confirm')}
        cancelLabel={t('wipe.cancel')}
        onConfirm={() => void wipe()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('wipe.confirmBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

/**
 * After a wipe nothing of the old session should show through, not even the
 * screen it was on: start again at the app's root, without the route.
 */
function restartFromScratch(): void {
  window.location.replace(window.location.pathname);
}

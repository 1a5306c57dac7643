import { useTranslation } from 'react-i18next';
import type { SaveStatus as Status } from '../../ui/useAutosavedRecord';

/** "Saved", "Saving…", "Not saved: fix 2 errors", "Draft kept": announced politely. */
export function SaveStatus({
  status,
  errorCount,
  exists,
}: {
  status: Status;
  errorCount: number;
  exists: boolean;
}) {
  const { t } = useTranslation('editor');
  let text: string;
  switch (status.kind) {
    case 'saved':
      text = exists ? t('status.saved') : t('status.notYetSaved');
      break;
    case 'pending':
      text = t('status.pending');
      break;
    case 'saving':
      text = t('status.saving');
      break;
    case 'invalid':
      text = t('status.invalid', { count: errorCount });
      break;
    case 'stale':
      text = t('status.stale');
      break;
    case 'failed':
      text = t('status.failed');
      break;
    case 'unsaved':
      text = t('status.unsaved');
      break;
  }
  return (
    <p
      className={`editor-status editor-status--${status.kind === 'saved' && !exists ? 'new' : status.kind}`}
      data-testid="save-status"
      role="status"
      aria-live="polite"
    >
      {text}
    </p>
  );
}

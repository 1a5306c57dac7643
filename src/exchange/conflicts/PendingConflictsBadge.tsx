import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';

/**
 * The number of conflicts waiting for a decision, beside the "Send &
 * receive" navigation entry, so an import's conflicts are not missed.
 * Nothing is shown while there are none.
 */
export function PendingConflictsBadge() {
  const { t } = useTranslation('exchange');
  const repository = useRepository();
  const [count, setCount] = useState(0);
  const [changes, setChanges] = useState(0);

  useEffect(() => repository.onChange(() => setChanges((seen) => seen + 1)), [repository]);

  useEffect(() => {
    let current = true;
    repository.countConflicts().then(
      (counted) => {
        if (current) setCount(counted);
      },
      (error: unknown) => console.error('counting conflicts failed', error),
    );
    return () => {
      current = false;
    };
  }, [repository, changes]);

  if (count === 0) return null;
  return (
    <span className="badge conflicts__count" data-testid="pending-conflicts">
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{t('conflicts.pending', { n: count })}</span>
    </span>
  );
}

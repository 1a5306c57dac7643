import { useTranslation } from 'react-i18next';
import { formatDuration } from './evidence-format';
import type { AttachJob } from './use-attach-queue';
import { useSizeText } from './use-unit-text';

/** One row per file being attached: bytes, speed, time left, and Cancel. */
export function AttachProgress({
  jobs,
  onCancel,
}: {
  jobs: readonly AttachJob[];
  onCancel: (sourceId: string) => void;
}) {
  const { t } = useTranslation('evidence');
  const size = useSizeText();
  if (jobs.length === 0) return null;
  return (
    <ul className="evidence-progress" aria-label={t('attach.progressHeading')}>
      {jobs.map((job) => {
        const label = t('attach.progressLabel', { name: job.name });
        const total = Math.max(job.bytesTotal, job.size);
        return (
          <li key={job.sourceId} className="evidence-progress__row" data-testid="attach-progress">
            <span className="evidence-progress__name">{job.name}</span>
            <progress
              className="evidence-progress__bar"
              aria-label={label}
              max={total || 1}
              value={job.state === 'queued' ? undefined : job.bytesDone}
            />
            <span className="evidence-progress__figures" data-testid="attach-progress-figures">
              {job.state === 'queued'
                ? t('attach.queued')
                : job.state === 'cancelling'
                  ? t('attach.cancelling')
                  : [
                      t('attach.bytes', {
                        done: size.bytes(job.bytesDone),
                        total: size.bytes(total),
                      }),
                      job.bytesPerSecond === null ? null : size.speed(job.bytesPerSecond),
                      job.secondsLeft === null
                        ? t('attach.estimating')
                        : t('attach.timeLeft', { time: formatDuration(job.secondsLeft) }),
                    ]
                      .filter((part) => part !== null)
                      .join(' · ')}
            </span>
            <button
              type="button"
              className="ui-button"
              onClick={() => onCancel(job.sourceId)}
              disabled={job.state === 'cancelling'}
              aria-label={t('attach.cancelNamed', { name: job.name })}
              data-testid="attach-cancel"
            >
              {t('attach.cancel')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

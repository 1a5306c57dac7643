import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';
import type { BundleErrorName, BundleProgress } from '../../domain/api';
import { newJobId } from '../../evidence/evidence-api';
import { useSizeText } from '../../evidence/use-unit-text';
import { depterApi } from '../../ui/depter-bridge';
import { ImportReportView } from './ImportReportView';
import { ImportReview } from './ImportReview';
import {
  declineOpened,
  importOpened,
  openChosenBundle,
  type ImportOutcome,
  type OpenedBundle,
  type SenderView,
} from './run-import';
import './import.css';
import { bundleErrorKey } from '../bundle-error-key';

type Step =
  | { kind: 'idle' }
  | {
      kind: 'opening';
      jobId: string;
      names: readonly string[];
      bytesDone: number;
      bytesTotal: number;
      cancelling: boolean;
    }
  | { kind: 'review'; bundle: OpenedBundle; sender: SenderView }
  | { kind: 'merging'; bundle: OpenedBundle }
  | { kind: 'done'; outcome: ImportOutcome }
  | { kind: 'declined' }
  | { kind: 'failed'; error: BundleErrorName };

/**
 * Receiving a bundle: choose the file (or its volumes), watch it being
 * decrypted and checked, see who sent it and what it holds, and only then
 * import it or not; afterwards what the import changed.
 */
export function ImportPanel() {
  const { t } = useTranslation('exchange');
  const repository = useRepository();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [problem, setProblem] = useState<string | null>(null);
  // What main still holds for this panel: a job being opened, or an opened bundle not yet decided.
  const unfinished = useRef<{ jobId?: string; bundle?: OpenedBundle }>({});
  const mounted = useRef(true);

  // Leaving the screen mid-way is a "no": the job is cancelled, an undecided bundle declined.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      const api = depterApi();
      const { jobId, bundle } = unfinished.current;
      unfinished.current = {};
      if (!api) return;
      if (bundle) void declineOpened(api, bundle);
      else if (jobId) void api.cancelBundleJob({ jobId });
    };
  }, []);

  const openingJob = step.kind === 'opening' ? step.jobId : undefined;
  useEffect(() => {
    const api = depterApi();
    if (!api || openingJob === undefined) return undefined;
    return api.onBundleProgress((progress: BundleProgress) => {
      if (progress.jobId !== openingJob || progress.phase !== 'import') return;
      setStep((current) =>
        current.kind === 'opening' && current.jobId === progress.jobId
          ? { ...current, bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal }
          : current,
      );
    });
  }, [openingJob]);

  const busy = step.kind === 'opening' || step.kind === 'merging' || step.kind === 'review';

  const choose = async () => {
    const api = depterApi();
    if (!api || busy) return;
    const jobId = newJobId();
    setProblem(null);
    unfinished.current = { jobId };
    try {
      const opened = await openChosenBundle(repository, api, jobId, (names) =>
        setStep({ kind: 'opening', jobId, names, bytesDone: 0, bytesTotal: 0, cancelling: false }),
      );
      unfinished.current = opened.kind === 'opened' ? { bundle: opened.bundle } : {};
      if (!mounted.current) {
        if (opened.kind === 'opened') await declineOpened(api, opened.bundle);
        unfinished.current = {};
        return;
      }
      if (opened.kind === 'no-source') setStep({ kind: 'idle' });
      else if (opened.kind === 'failed') setStep({ kind: 'failed', error: opened.error });
      else setStep({ kind: 'review', bundle: opened.bundle, sender: opened.sender });
    } catch (error) {
      console.error('opening the bundle failed', error);
      unfinished.current = {};
      setStep({ kind: 'idle' });
      setProblem(t('import.openFailed'));
    }
  };

  const cancel = async () => {
    const api = depterApi();
    if (!api || step.kind !== 'opening') return;
    setStep({ ...step, cancelling: true });
    await api.cancelBundleJob({ jobId: step.jobId });
  };

  const confirm = async (bundle: OpenedBundle) => {
    const api = depterApi();
    if (!api) return;
    unfinished.current = {};
    setStep({ kind: 'merging', bundle });
    setStep({ kind: 'done', outcome: await importOpened(repository, api, bundle) });
  };

  const decline = async (bundle: OpenedBundle) => {
    const api = depterApi();
    if (!api) return;
    unfinished.current = {};
    await declineOpened(api, bundle);
    setStep({ kind: 'declined' });
  };

  return (
    <section className="panel import" aria-labelledby="import-heading" data-testid="import-panel">
      <h2 id="import-heading">{t('import.heading')}</h2>
      <p className="muted">{t('import.intro')}</p>
      {problem && (
        <p className="notice notice--danger" role="alert">
          {problem}
        </p>
      )}
      <div className="import__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void choose()}
          disabled={busy}
          data-testid="import-choose"
        >
          {t('import.choose')}
        </button>
      </div>
      {step.kind === 'opening' && <ImportProgress step={step} onCancel={() => void cancel()} />}
      {step.kind === 'review' && (
        <ImportReview
          bundle={step.bundle}
          sender={step.sender}
          onImport={() => void confirm(step.bundle)}
          onDecline={() => void decline(step.bundle)}
        />
      )}
      {step.kind === 'merging' && (
        <p className="muted" role="status">
          {t('import.merging')}
        </p>
      )}
      {step.kind === 'done' && <ImportReportView outcome={step.outcome} />}
      {step.kind === 'declined' && (
        <p className="notice" role="status" data-testid="import-declined">
          {t('import.declined')}
        </p>
      )}
      {step.kind === 'failed' && (
        <p
          className={step.error === 'CANCELLED' ? 'notice' : 'notice notice--danger'}
          role="alert"
          data-testid="import-error"
          data-error={step.error}
        >
          {t(bundleErrorKey(step.error))}{' '}
          {step.error === 'CANCELLED' ? '' : t('import.nothingKept')}
        </p>
      )}
    </section>
  );
}

function ImportProgress({
  step,
  onCancel,
}: {
  step: Extract<Step, { kind: 'opening' }>;
  onCancel: () => void;
}) {
  const { t } = useTranslation('exchange');
  const size = useSizeText();
  const figures = step.cancelling
    ? t('import.progress.cancelling')
    : step.bytesTotal === 0
      ? t('import.progress.starting')
      : t('import.progress.bytes', {
          done: size.bytes(step.bytesDone),
          total: size.bytes(step.bytesTotal),
        });
  return (
    <div className="import__progress" data-testid="import-progress">
      <p className="import__files">{step.names.join(', ')}</p>
      <progress
        aria-label={t('import.progress.label')}
        max={step.bytesTotal || 1}
        value={step.bytesTotal === 0 ? undefined : step.bytesDone}
      />
      <span role="status">{figures}</span>
      <button
        type="button"
        className="button"
        onClick={onCancel}
        disabled={step.cancelling}
        data-testid="import-cancel"
      >
        {t('import.progress.cancel')}
      </button>
    </div>
  );
}

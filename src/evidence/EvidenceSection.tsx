import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loaded } from '../db/repository-types';
import type { Evidence } from '../domain/evidence';
import { AttachProgress } from './AttachProgress';
import { evidenceApi, useEvidenceRecords } from './evidence-api';
import { evidenceErrorCodeOf, evidenceErrorKey } from './evidence-errors';
import { EvidenceItem } from './EvidenceItem';
import type { AttachQueue } from './use-attach-queue';

/**
 * The incident editor's evidence section: the files attached to this
 * incident, the attach button (drag and drop works on the whole editor) and
 * the progress of files being attached.
 */
export function EvidenceSection({
  incidentId,
  queue,
  canAttach,
}: {
  incidentId: string;
  queue: AttachQueue;
  /** False until the incident is saved: evidence must name an incident that exists. */
  canAttach: boolean;
}) {
  const { t } = useTranslation('evidence');
  const records = useEvidenceRecords();
  const [entries, setEntries] = useState<Loaded<Evidence>[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let current = true;
    records.listEvidenceForIncident(incidentId).then(
      (loaded) => {
        if (current) setEntries(loaded);
      },
      (error: unknown) => {
        console.error('listing evidence failed', error);
        if (current) setProblem(t('section.loadFailed'));
      },
    );
    return () => {
      current = false;
    };
  }, [records, incidentId, queue.recordsVersion, reloads, t]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);

  const setCaption = useCallback(
    async (evidence: Evidence, caption: string) => {
      try {
        await records.setEvidenceCaption(evidence.id, caption, evidence.rev);
        return true;
      } catch (error) {
        console.error('caption not saved', error);
        return false;
      } finally {
        reload();
      }
    },
    [records, reload],
  );

  const remove = useCallback(
    async (evidence: Evidence) => {
      setProblem(null);
      try {
        const result = await records.unlinkEvidence(evidence.id, incidentId, evidence.rev);
        if (result.fileUnused) await evidenceApi().discardEvidence({ sha256: result.sha256 });
      } catch (error) {
        console.error('remove failed', error);
        setProblem(t('remove.failed', { reason: t(evidenceErrorKey(evidenceErrorCodeOf(error))) }));
      } finally {
        reload();
      }
    },
    [records, incidentId, reload, t],
  );

  const usable = (entries ?? []).flatMap((entry) => (entry.ok ? [entry.record] : []));
  const damaged = (entries ?? []).filter((entry) => !entry.ok).length;

  return (
    <section
      className="editor-section evidence-section"
      aria-labelledby="editor-evidence-heading"
      data-testid="evidence-section"
    >
      <h2 className="editor-section__heading" id="editor-evidence-heading">
        {t('section.heading')}
      </h2>
      <p className="evidence-section__intro">{t('section.intro')}</p>
      <div className="evidence-section__attach">
        <button
          type="button"
          className="ui-button ui-button--primary"
          onClick={() => void queue.chooseAndAttach()}
          disabled={!canAttach}
          aria-describedby="evidence-attach-hint"
          data-testid="evidence-attach"
        >
          {t('attach.button')}
        </button>
        <span className="evidence-section__hint" id="evidence-attach-hint">
          {canAttach ? t('attach.dropHint') : t('attach.saveFirst')}
        </span>
      </div>

      <AttachProgress jobs={queue.jobs} onCancel={queue.cancel} />

      <div aria-live="polite" data-testid="evidence-notices">
        {queue.notices.length > 0 ? (
          <ul className="evidence-notices">
            {queue.notices.map((notice) => (
              <li
                key={notice.id}
                className={`evidence-notice evidence-notice--${notice.tone}`}
                data-testid="evidence-notice"
              >
                <span>
                  {t(notice.key, notice.values)}
                  {notice.reasonKey ? ` ${t(notice.reasonKey)}` : ''}
                </span>
                <button
                  type="button"
                  className="ui-button"
                  onClick={() => queue.dismiss(notice.id)}
                >
                  {t('attach.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {problem ? (
        <p className="evidence-item__problem" role="alert">
          {problem}
        </p>
      ) : null}

      {entries === null ? (
        <p className="evidence-section__empty">{t('section.loading')}</p>
      ) : usable.length === 0 && damaged === 0 ? (
        <p className="evidence-section__empty" data-testid="evidence-empty">
          {t('section.empty')}
        </p>
      ) : (
        <ul
          className="evidence-list"
          aria-label={t('section.listLabel')}
          data-testid="evidence-list"
        >
          {usable.map((evidence) => (
            <EvidenceItem
              key={evidence.id}
              evidence={evidence}
              onCaption={(caption) => setCaption(evidence, caption)}
              onRemove={() => remove(evidence)}
            />
          ))}
        </ul>
      )}
      {damaged > 0 ? (
        <p className="evidence-item__problem" role="alert">
          {t('section.damagedRecords', { count: damaged })}
        </p>
      ) : null}
    </section>
  );
}

import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceErrorCode } from '../domain/api';
import { playbackKindOf, type Evidence } from '../domain/evidence';
import { useDateTextFormatter } from '../i18n/use-date-text-formatter';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { evidenceApi, newJobId } from './evidence-api';
import { evidenceErrorCodeOf, evidenceErrorKey } from './evidence-errors';
import { asLocalWallTime, copyFileName } from './evidence-format';
import { EvidencePlayer } from './EvidencePlayer';
import { HashDetails } from './HashDetails';
import { missingFiles } from './missing-files';
import { useSizeText } from './use-unit-text';

type Check =
  | { state: 'idle' }
  | { state: 'running'; bytesDone: number; bytesTotal: number }
  | { state: 'ok' }
  | { state: 'failed'; code: EvidenceErrorCode | null };

type CopyState =
  | { state: 'idle' }
  | { state: 'running'; bytesDone: number; bytesTotal: number }
  | { state: 'saved' }
  | { state: 'failed'; code: EvidenceErrorCode | null };

/** Codes that mean the stored file must not be played. */
const UNPLAYABLE: ReadonlySet<EvidenceErrorCode> = new Set(['DAMAGED', 'MISMATCH', 'MISSING']);

/** Progress events of one verify or save-copy job while it runs. */
function useJobProgress(
  jobId: string | null,
  onProgress: (bytesDone: number, bytesTotal: number) => void,
) {
  useEffect(() => {
    if (jobId === null) return;
    return evidenceApi().onEvidenceProgress((progress) => {
      if (progress.jobId === jobId) onProgress(progress.bytesDone, progress.bytesTotal);
    });
  }, [jobId, onProgress]);
}

const percent = (done: number, total: number) =>
  total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / total));

/**
 * One attached file: what it is, its caption, and what can be done with it
 * (play or preview, verify, save a decrypted copy, remove from the incident).
 */
export function EvidenceItem({
  evidence,
  onCaption,
  onRemove,
}: {
  evidence: Evidence;
  onCaption: (caption: string) => Promise<boolean>;
  onRemove: () => Promise<void>;
}) {
  const { t } = useTranslation('evidence');
  const size = useSizeText();
  const dates = useDateTextFormatter();
  const headingId = useId();
  const captionId = useId();
  const captionHintId = useId();
  const [caption, setCaption] = useState(evidence.caption);
  const [captionState, setCaptionState] = useState<'idle' | 'saved' | 'failed'>('idle');
  const [playing, setPlaying] = useState(false);
  const [problem, setProblem] = useState<EvidenceErrorCode | null>(null);
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const [jobId, setJobId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'saveCopy' | 'remove' | null>(null);
  useSyncExternalStore(missingFiles.subscribe, missingFiles.snapshot);
  const missing = missingFiles.has(evidence.sha256);
  const kind = playbackKindOf(evidence.mime);
  const unplayable = missing || (problem !== null && UNPLAYABLE.has(problem));

  // A caption changed elsewhere (another window) shows up, unless one is being typed here.
  const typing = useRef(false);
  useEffect(() => {
    if (!typing.current) setCaption(evidence.caption);
  }, [evidence.caption]);

  const onJobProgress = useCallback((bytesDone: number, bytesTotal: number) => {
    setCheck((current) =>
      current.state === 'running' ? { ...current, bytesDone, bytesTotal } : current,
    );
    setCopy((current) =>
      current.state === 'running' ? { ...current, bytesDone, bytesTotal } : current,
    );
  }, []);
  useJobProgress(jobId, onJobProgress);

  const noteProblem = useCallback(
    (code: EvidenceErrorCode | null) => {
      setProblem(code);
      if (code === 'MISSING') missingFiles.add([evidence.sha256]);
    },
    [evidence.sha256],
  );

  const verify = async () => {
    const id = newJobId();
    setJobId(id);
    setCheck({ state: 'running', bytesDone: 0, bytesTotal: evidence.size });
    try {
      const answer = await evidenceApi().verifyEvidence({ sha256: evidence.sha256, jobId: id });
      if (answer.ok) {
        setCheck({ state: 'ok' });
        setProblem(null);
        missingFiles.delete(evidence.sha256);
      } else {
        setCheck({ state: 'failed', code: answer.error });
        noteProblem(answer.error);
        if (UNPLAYABLE.has(answer.error)) setPlaying(false);
      }
    } catch (error) {
      setCheck({ state: 'failed', code: evidenceErrorCodeOf(error) });
    } finally {
      setJobId(null);
    }
  };

  const saveCopy = async () => {
    setDialog(null);
    const id = newJobId();
    setJobId(id);
    setCopy({ state: 'running', bytesDone: 0, bytesTotal: evidence.size });
    try {
      const answer = await evidenceApi().saveEvidenceCopy({
        sha256: evidence.sha256,
        jobId: id,
        suggestedName: copyFileName(evidence.originalName, `${evidence.sha256}.bin`),
      });
      if (!answer.ok) {
        setCopy({ state: 'failed', code: answer.error });
        noteProblem(answer.error);
      } else setCopy(answer.saved ? { state: 'saved' } : { state: 'idle' });
    } catch (error) {
      setCopy({ state: 'failed', code: evidenceErrorCodeOf(error) });
    } finally {
      setJobId(null);
    }
  };

  const saveCaption = async () => {
    if (caption === evidence.caption) return;
    setCaptionState((await onCaption(caption)) ? 'saved' : 'failed');
  };

  const attachedAt = dates.format(asLocalWallTime(new Date(evidence.attachedAt)), 'minute');
  const modifiedAt =
    evidence.modifiedAt === ''
      ? t('file.modifiedUnknown')
      : dates.format(asLocalWallTime(new Date(evidence.modifiedAt)), 'minute');
  const busy = jobId !== null;

  return (
    <li className="evidence-item" data-testid="evidence-item" data-sha256={evidence.sha256}>
      <article aria-labelledby={headingId}>
        <h3 className="evidence-item__name" id={headingId}>
          {evidence.originalName}
        </h3>
        <dl className="evidence-item__facts">
          <div>
            <dt>{t('file.size')}</dt>
            <dd data-testid="evidence-size">{size.bytes(evidence.size)}</dd>
          </div>
          <div>
            <dt>{t('file.type')}</dt>
            <dd data-testid="evidence-type">
              {t(`file.kind.${kind ?? 'other'}`)}{' '}
              <span className="evidence-item__mime">({evidence.mime})</span>
            </dd>
          </div>
          <div>
            <dt>{t('file.attachedAt')}</dt>
            <dd>{attachedAt}</dd>
          </div>
          <div>
            <dt>{t('file.modifiedAt')}</dt>
            <dd>{modifiedAt}</dd>
          </div>
        </dl>
        <HashDetails sha256={evidence.sha256} name={evidence.originalName} />

        {missing ? (
          <p className="evidence-item__problem" role="alert" data-testid="evidence-missing">
            {t('file.missing')}
          </p>
        ) : null}

        <div className="ui-field evidence-item__caption">
          <label className="ui-field__label" htmlFor={captionId}>
            {t('file.caption')}
          </label>
          <input
            id={captionId}
            className="ui-field__control"
            value={caption}
            maxLength={2000}
            autoComplete="off"
            aria-describedby={captionHintId}
            data-testid="evidence-caption"
            onChange={(event) => {
              setCaption(event.target.value);
              setCaptionState('idle');
            }}
            onFocus={() => {
              typing.current = true;
            }}
            onBlur={() => {
              typing.current = false;
              void saveCaption();
            }}
          />
          <span id={captionHintId} className="ui-field__hint">
            {captionState === 'saved'
              ? t('file.captionSaved')
              : captionState === 'failed'
                ? t('file.captionFailed')
                : t('file.captionHint')}
          </span>
        </div>

        <div className="evidence-item__actions">
          {kind !== null ? (
            <button
              type="button"
              className="ui-button"
              aria-expanded={playing}
              onClick={() => setPlaying((open) => !open)}
              data-testid="evidence-play"
            >
              {playing
                ? t('actions.closePlayer')
                : kind === 'image'
                  ? t('actions.preview')
                  : t('actions.play')}
            </button>
          ) : null}
          <button
            type="button"
            className="ui-button"
            disabled={busy}
            onClick={() => void verify()}
            data-testid="evidence-verify"
          >
            {t('actions.verify')}
          </button>
          <button
            type="button"
            className="ui-button"
            disabled={busy || missing}
            onClick={() => setDialog('saveCopy')}
            data-testid="evidence-save-copy"
          >
            {t('actions.saveCopy')}
          </button>
          <button
            type="button"
            className="ui-button ui-button--danger"
            disabled={busy}
            onClick={() => setDialog('remove')}
            data-testid="evidence-remove"
          >
            {t('actions.remove')}
          </button>
        </div>

        <div className="evidence-item__status" role="status" data-testid="evidence-status">
          {check.state === 'running' ? (
            <>
              {t('verify.running', { percent: percent(check.bytesDone, check.bytesTotal) })}
              <progress
                className="evidence-item__progress"
                aria-label={t('verify.progressLabel', { name: evidence.originalName })}
                max={check.bytesTotal || 1}
                value={check.bytesDone}
              />
            </>
          ) : check.state === 'ok' ? (
            <span data-testid="verify-ok">{t('verify.ok')}</span>
          ) : null}
          {copy.state === 'running'
            ? t('saveCopy.running', { percent: percent(copy.bytesDone, copy.bytesTotal) })
            : copy.state === 'saved'
              ? t('saveCopy.saved')
              : null}
        </div>
        {check.state === 'failed' ? (
          <p className="evidence-item__problem" role="alert" data-testid="verify-problem">
            {t(evidenceErrorKey(check.code))}
          </p>
        ) : null}
        {copy.state === 'failed' ? (
          <p className="evidence-item__problem" role="alert">
            {t('saveCopy.failed', { reason: t(evidenceErrorKey(copy.code)) })}
          </p>
        ) : null}

        {playing ? (
          <div className="evidence-player">
            {unplayable && problem !== null ? (
              <p
                className="evidence-player__problem"
                role="alert"
                data-testid="evidence-player-problem"
              >
                {t('player.damaged', { reason: t(evidenceErrorKey(problem)) })}
              </p>
            ) : (
              <EvidencePlayer
                sha256={evidence.sha256}
                name={evidence.originalName}
                caption={evidence.caption}
                onProblem={noteProblem}
              />
            )}
          </div>
        ) : null}
      </article>

      <ConfirmDialog
        open={dialog === 'saveCopy'}
        title={t('saveCopy.title')}
        confirmLabel={t('saveCopy.confirm')}
        cancelLabel={t('saveCopy.cancel')}
        tone="danger"
        onCancel={() => setDialog(null)}
        onConfirm={() => void saveCopy()}
      >
        <p>{t('saveCopy.body', { name: evidence.originalName })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'remove'}
        title={t('remove.title')}
        confirmLabel={t('remove.confirm')}
        cancelLabel={t('remove.cancel')}
        tone="danger"
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          setDialog(null);
          void onRemove();
        }}
      >
        <p>
          {evidence.incidentIds.length > 1
            ? t('remove.bodyShared', { name: evidence.originalName })
            : t('remove.bodyLast', { name: evidence.originalName })}
        </p>
      </ConfirmDialog>
    </li>
  );
}

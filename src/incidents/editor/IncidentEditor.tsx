import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRepository } from '../../app/repository-context';
import { useLoadedActors, usableActors } from '../../actors/useActors';
import type { ActorBody } from '../../domain/actor';
import { EvidenceSection } from '../../evidence/EvidenceSection';
import { useAttachQueue } from '../../evidence/use-attach-queue';
import { useEvidenceDrop } from '../../evidence/use-evidence-drop';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { fieldDomId } from '../../ui/field-ids';
import { errorsByField } from '../../ui/form-validation';
import { useAutosavedRecord } from '../../ui/useAutosavedRecord';
import { useErrorText } from '../../ui/useErrorText';
import { BasicsSection } from './BasicsSection';
import { DamagedRecordView } from './DamagedRecordView';
import { DateSection } from './DateSection';
import { ErrorSummary, useFieldName } from './ErrorSummary';
import { GroupsSection } from './GroupsSection';
import { incidentAdapter } from './incident-adapter';
import { LocationSection } from './LocationSection';
import { PerpetratorsSection } from './PerpetratorsSection';
import { ProceedingsSection } from './ProceedingsSection';
import { RecordSection } from './RecordSection';
import { SaveStatus } from './SaveStatus';
import type { SectionProps } from './section-props';
import { SourcesSection } from './SourcesSection';
import { VictimsSection } from './VictimsSection';
import './editor.css';

const fieldId = (field: string) => fieldDomId('incident', field);

/** Ctrl+S (Cmd+S on macOS), matched on the physical key so it works in a Cyrillic layout. */
function isSaveShortcut(event: KeyboardEvent): boolean {
  const isMac = /Mac/i.test(navigator.platform);
  const primary = isMac ? event.metaKey : event.ctrlKey;
  return primary && !event.altKey && !event.shiftKey && event.code === 'KeyS';
}

/** Escape in a search box with text clears the box (the browser does it); it must not also close. */
function isClearableSearch(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === 'search' && target.value !== '';
}

/**
 * Escape on a playing video or audio belongs to the player (leaving full
 * screen, closing its menus), not to the editor around it.
 */
function isMediaPlayer(target: EventTarget | null): boolean {
  return target instanceof HTMLMediaElement || document.fullscreenElement !== null;
}

type Dialog = 'discard' | 'close' | null;

/**
 * The incident editor: the whole model on one keyboard-friendly page that
 * saves itself as the user types (see useAutosavedRecord).
 */
export function IncidentEditor({
  incidentId,
  onClose,
}: {
  incidentId: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('editor');
  const repository = useRepository();
  const record = useAutosavedRecord(incidentAdapter, incidentId);
  const loadedActors = useLoadedActors();
  const actors = useMemo(() => usableActors(loadedActors), [loadedActors]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const fieldName = useFieldName();
  const errorText = useErrorText();
  const { phase, form, update, validation, showErrors, status, saveNow, discard } = record;
  const attachQueue = useAttachQueue(incidentId);
  const evidenceDrop = useEvidenceDrop(attachQueue, record.exists);

  const errors = useMemo(() => (validation.ok ? [] : validation.errors), [validation]);
  const shownErrors = useMemo(() => errorsByField(showErrors ? errors : []), [showErrors, errors]);
  const errorFor = useCallback(
    (field: string) => {
      const message = shownErrors.get(field);
      return message ? errorText(message) : undefined;
    },
    [shownErrors, errorText],
  );

  const requestClose = useCallback(async () => {
    if (phase.kind !== 'ready') {
      onClose();
      return;
    }
    if (await saveNow()) onClose();
    else setDialog('close');
  }, [phase.kind, saveNow, onClose]);

  // Document-level so the shortcuts work wherever focus is inside the editor page.
  const latest = useRef({ requestClose, saveNow, dialog });
  latest.current = { requestClose, saveNow, dialog };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (latest.current.dialog !== null) return;
      if (isSaveShortcut(event)) {
        event.preventDefault();
        void latest.current.saveNow();
      } else if (
        event.key === 'Escape' &&
        !event.defaultPrevented &&
        !isClearableSearch(event.target) &&
        !isMediaPlayer(event.target)
      ) {
        event.preventDefault();
        void latest.current.requestClose();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // Keyboard-first: a new incident starts with the cursor in its title.
  const isNewAndReady = phase.kind === 'ready' && !record.exists;
  const focusedOnOpen = useRef(false);
  useEffect(() => {
    if (!isNewAndReady || focusedOnOpen.current) return;
    focusedOnOpen.current = true;
    document.getElementById(fieldId('title'))?.focus();
  }, [isNewAndReady]);

  const createActor = useCallback((body: ActorBody) => repository.createActor(body), [repository]);

  if (phase.kind === 'loading') {
    return (
      <div className="incident-editor" data-testid="incident-editor" aria-busy="true">
        <p className="editor-loading">{t('loading')}</p>
      </div>
    );
  }
  if (phase.kind === 'failed') {
    return (
      <div className="incident-editor" data-testid="incident-editor">
        <p role="alert">{t('loadFailed')}</p>
        <button type="button" className="ui-button" onClick={onClose} data-testid="close-editor">
          {t('actions.close')}
        </button>
      </div>
    );
  }
  if (phase.kind === 'damaged') {
    return (
      <div className="incident-editor" data-testid="incident-editor">
        <DamagedRecordView kind="incident" damaged={phase.loaded} onClose={onClose} />
      </div>
    );
  }

  const sectionProps: SectionProps = { form, update, errorFor, fieldId };
  const restoredAt = record.restoredDraftAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(record.restoredDraftAt),
      )
    : null;

  return (
    <div className="incident-editor" data-testid="incident-editor" {...evidenceDrop.targetProps}>
      {evidenceDrop.zone}
      <header className="editor-toolbar">
        <h1 className="editor-toolbar__title">
          {record.exists ? t('heading.edit') : t('heading.new')}
        </h1>
        <SaveStatus status={status} errorCount={errors.length} exists={record.exists} />
        <div className="editor-toolbar__actions">
          <button
            type="button"
            className="ui-button"
            disabled={!record.hasUnsavedChanges && record.restoredDraftAt === null}
            onClick={() => setDialog('discard')}
          >
            {t('actions.discard')}
          </button>
          <button
            type="button"
            className="ui-button ui-button--primary"
            onClick={() => void saveNow()}
            aria-keyshortcuts="Control+S"
          >
            {t('actions.save')}
          </button>
          <button
            type="button"
            className="ui-button"
            onClick={() => void requestClose()}
            data-testid="close-editor"
            aria-keyshortcuts="Escape"
          >
            {t('actions.close')}
          </button>
        </div>
      </header>

      {restoredAt ? (
        <p className="editor-notice" role="status">
          {t('notices.draftRestored', { time: restoredAt })}
        </p>
      ) : null}
      {status.kind === 'stale' ? (
        <div className="editor-notice editor-notice--warning" role="alert">
          <p>{t('notices.stale')}</p>
          <div className="editor-notice__actions">
            <button type="button" className="ui-button" onClick={() => setDialog('discard')}>
              {t('actions.discard')}
            </button>
            <button type="button" className="ui-button" onClick={() => void record.overwrite()}>
              {t('actions.overwrite')}
            </button>
          </div>
        </div>
      ) : null}
      {status.kind === 'failed' || status.kind === 'unsaved' ? (
        <p className="editor-notice editor-notice--warning" role="alert">
          {status.kind === 'failed' ? t('notices.failed') : t('notices.unsaved')}
        </p>
      ) : null}
      {showErrors ? <ErrorSummary errors={errors} fieldId={fieldId} /> : null}

      <form
        className="editor-form"
        noValidate
        aria-label={t('heading.formLabel')}
        onSubmit={(event) => {
          // Enter in a single-line field must not submit (and reload) anything.
          event.preventDefault();
        }}
      >
        <BasicsSection {...sectionProps} />
        <DateSection {...sectionProps} />
        <LocationSection {...sectionProps} />
        <VictimsSection {...sectionProps} actors={actors} createActor={createActor} />
        <GroupsSection {...sectionProps} />
        <PerpetratorsSection {...sectionProps} actors={actors} />
        <ProceedingsSection {...sectionProps} />
        <SourcesSection {...sectionProps} />
        <EvidenceSection incidentId={incidentId} queue={attachQueue} canAttach={record.exists} />
        <RecordSection {...sectionProps} />
      </form>

      <ConfirmDialog
        open={dialog === 'discard'}
        title={t('dialogs.discard.title')}
        confirmLabel={t('dialogs.discard.confirm')}
        cancelLabel={t('dialogs.discard.cancel')}
        tone="danger"
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          setDialog(null);
          void discard();
        }}
      >
        <p>{record.exists ? t('dialogs.discard.body') : t('dialogs.discard.bodyNew')}</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === 'close'}
        title={t('dialogs.close.title')}
        confirmLabel={t('dialogs.close.confirm')}
        cancelLabel={t('dialogs.close.cancel')}
        extraAction={{
          label: t('dialogs.close.discard'),
          tone: 'danger',
          onSelect: () => {
            setDialog(null);
            void discard().then(onClose);
          },
        }}
        onCancel={() => setDialog(null)}
        onConfirm={() => {
          setDialog(null);
          onClose();
        }}
      >
        <p>
          {status.kind === 'stale'
            ? t('dialogs.close.bodyStale')
            : status.kind === 'failed'
              ? t('dialogs.close.bodyFailed')
              : status.kind === 'unsaved'
                ? t('dialogs.close.bodyUnsaved')
                : record.exists
                  ? t('dialogs.close.bodyInvalid', { count: errors.length })
                  : t('dialogs.close.bodyInvalidNew', { count: errors.length })}
        </p>
        {errors.length > 0 ? (
          <ul className="editor-dialog-problems">
            {errors.map((error) => (
              <li key={error.field}>
                {fieldName(error.field)}: {errorText(error.message)}
              </li>
            ))}
          </ul>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

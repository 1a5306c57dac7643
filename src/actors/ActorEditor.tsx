import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActorBody } from '../domain/actor';
import { DamagedRecordView } from '../incidents/editor/DamagedRecordView';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { fieldDomId, focusField } from '../ui/field-ids';
import { errorsByField } from '../ui/form-validation';
import { removeAt, replaceAt } from '../ui/list-edit';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useAutosavedRecord, type SaveStatus } from '../ui/useAutosavedRecord';
import { useErrorText } from '../ui/useErrorText';
import { useVocabOptions } from '../ui/useVocabOptions';
import { actorAdapter } from './actor-adapter';
import { newVariantRow } from './actor-form';
import '../incidents/editor/editor.css';
import './actors.css';

const fieldId = (field: string) => fieldDomId('actor', field);

function isSaveShortcut(event: KeyboardEvent): boolean {
  const isMac = /Mac/i.test(navigator.platform);
  const primary = isMac ? event.metaKey : event.ctrlKey;
  return primary && !event.altKey && !event.shiftKey && event.code === 'KeyS';
}

function statusKey(status: SaveStatus, exists: boolean): string {
  if (status.kind === 'saved') return exists ? 'status.saved' : 'status.notYetSaved';
  return `status.${status.kind}`;
}

/**
 * Edits one person or organisation; saves itself like the incident editor
 * (a draft as you type, the record once valid) and on Ctrl+S.
 */
export function ActorEditor({ actorId, newKind }: { actorId: string; newKind: ActorBody['kind'] }) {
  const { t } = useTranslation(['actors', 'editor']);
  const adapter = useMemo(() => actorAdapter(newKind), [newKind]);
  const record = useAutosavedRecord(adapter, actorId);
  const kinds = useVocabOptions('actorKind');
  const roles = useVocabOptions('victimRole');
  const errorText = useErrorText();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const { phase, form, update, validation, showErrors, status, saveNow, discard } = record;

  const errors = useMemo(() => (validation.ok ? [] : validation.errors), [validation]);
  const shown = useMemo(() => errorsByField(showErrors ? errors : []), [showErrors, errors]);
  const errorFor = (field: string) => {
    const message = shown.get(field);
    return message ? errorText(message) : undefined;
  };

  const saveRef = useRef(saveNow);
  saveRef.current = saveNow;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isSaveShortcut(event)) {
        event.preventDefault();
        void saveRef.current();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const addVariant = useCallback(() => {
    const index = form.nameVariants.length;
    update((current) => ({ ...current, nameVariants: [...current.nameVariants, newVariantRow()] }));
    requestAnimationFrame(() => focusField(fieldId(`nameVariants.${index}`)));
  }, [form.nameVariants.length, update]);

  if (phase.kind === 'loading') return <p className="actors-muted">{t('editor.loading')}</p>;
  if (phase.kind === 'failed') return <p role="alert">{t('editor.loadFailed')}</p>;
  if (phase.kind === 'damaged') return <DamagedRecordView kind="actor" damaged={phase.loaded} />;

  return (
    <section
      className="actor-editor"
      aria-labelledby="actor-editor-heading"
      data-testid="actor-editor"
    >
      <header className="actor-editor__header">
        <h2 id="actor-editor-heading" className="actor-editor__title">
          {form.name.trim() ||
            (record.exists
              ? t('editor.untitled')
              : t(`editor.new.${form.kind === 'organisation' ? 'organisation' : 'person'}`))}
        </h2>
        <p
          className="actor-editor__status"
          role="status"
          aria-live="polite"
          data-testid="actor-save-status"
        >
          {t(statusKey(status, record.exists), { count: errors.length })}
        </p>
        <div className="actor-editor__actions">
          <button
            type="button"
            className="ui-button"
            disabled={!record.hasUnsavedChanges && record.restoredDraftAt === null}
            onClick={() => setConfirmDiscard(true)}
          >
            {t('editor:actions.discard')}
          </button>
          <button
            type="button"
            className="ui-button ui-button--primary"
            aria-keyshortcuts="Control+S"
            onClick={() => void saveNow()}
          >
            {t('editor:actions.save')}
          </button>
        </div>
      </header>
      {record.restoredDraftAt ? (
        <p className="editor-notice" role="status">
          {t('editor.draftRestored')}
        </p>
      ) : null}
      {status.kind === 'stale' ? (
        <div className="editor-notice editor-notice--warning" role="alert">
          <p>{t('editor.stale')}</p>
          <div className="editor-notice__actions">
            <button type="button" className="ui-button" onClick={() => setConfirmDiscard(true)}>
              {t('editor:actions.discard')}
            </button>
            <button type="button" className="ui-button" onClick={() => void record.overwrite()}>
              {t('editor:actions.overwrite')}
            </button>
          </div>
        </div>
      ) : null}
      <form
        className="actor-editor__form"
        noValidate
        aria-labelledby="actor-editor-heading"
        onSubmit={(event) => event.preventDefault()}
      >
        <SelectField
          id={fieldId('kind')}
          label={t('fields.kind')}
          value={form.kind}
          options={kinds}
          onChange={(kind) => update((current) => ({ ...current, kind }))}
          error={errorFor('kind')}
        />
        <TextField
          id={fieldId('name')}
          label={t('fields.name')}
          hint={t('hints.name')}
          value={form.name}
          onChange={(name) => update((current) => ({ ...current, name }))}
          error={errorFor('name')}
          required
          testId="actor-name"
        />
        <fieldset className="actor-editor__variants">
          <legend className="ui-field__label">{t('fields.nameVariants')}</legend>
          <p className="ui-field__hint">{t('hints.nameVariants')}</p>
          {form.nameVariants.map((row, index) => (
            <div key={row.key} className="actor-editor__variant">
              <TextField
                id={fieldId(`nameVariants.${index}`)}
                label={t('fields.variant', { n: index + 1 })}
                value={row.value}
                onChange={(value) =>
                  update((current) => ({
                    ...current,
                    nameVariants: replaceAt(current.nameVariants, index, { value }),
                  }))
                }
                onKeyDown={(event) => {
                  // Enter adds the next spelling, so several can be typed in a row.
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    addVariant();
                  }
                }}
                error={errorFor(`nameVariants.${index}`)}
              />
              <button
                type="button"
                className="ui-button ui-button--small"
                aria-label={t('fields.removeVariant', { n: index + 1 })}
                title={t('fields.removeVariant', { n: index + 1 })}
                onClick={() => {
                  update((current) => ({
                    ...current,
                    nameVariants: removeAt(current.nameVariants, index),
                  }));
                  requestAnimationFrame(() =>
                    document.getElementById('actor-add-variant')?.focus(),
                  );
                }}
              >
                ✕
              </button>
            </div>
          ))}
          <button id="actor-add-variant" type="button" className="ui-button" onClick={addVariant}>
            <span aria-hidden="true">+ </span>
            {t('fields.addVariant')}
          </button>
        </fieldset>
        <SelectField
          id={fieldId('defaultRole')}
          label={t('fields.defaultRole')}
          value={form.defaultRole}
          emptyLabel={t('fields.noRole')}
          options={roles}
          onChange={(defaultRole) => update((current) => ({ ...current, defaultRole }))}
          error={errorFor('defaultRole')}
        />
        <TextField
          id={fieldId('affiliation')}
          label={t('fields.affiliation')}
          hint={t('hints.affiliation')}
          value={form.affiliation}
          onChange={(affiliation) => update((current) => ({ ...current, affiliation }))}
          error={errorFor('affiliation')}
        />
        <TextField
          id={fieldId('description')}
          label={t('fields.description')}
          rows={3}
          value={form.description}
          onChange={(description) => update((current) => ({ ...current, description }))}
          error={errorFor('description')}
        />
        <TextField
          id={fieldId('notes')}
          label={t('fields.notes')}
          rows={3}
          value={form.notes}
          onChange={(notes) => update((current) => ({ ...current, notes }))}
          error={errorFor('notes')}
        />
      </form>
      <ConfirmDialog
        open={confirmDiscard}
        title={t('editor:dialogs.discard.title')}
        confirmLabel={t('editor:dialogs.discard.confirm')}
        cancelLabel={t('editor:dialogs.discard.cancel')}
        tone="danger"
        onCancel={() => setConfirmDiscard(false)}
        onConfirm={() => {
          setConfirmDiscard(false);
          void discard();
        }}
      >
        <p>{record.exists ? t('editor.discardBody') : t('editor.discardBodyNew')}</p>
      </ConfirmDialog>
    </section>
  );
}

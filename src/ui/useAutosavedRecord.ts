import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRepository } from '../app/repository-context';
import {
  StaleRevisionError,
  type Draft,
  type Loaded,
  type Repository,
} from '../db/repository-types';
import { draftFlushes } from '../vault/flush-registry';
import { AutosaveScheduler, type AutosaveState } from './autosave';
import { decideDraft } from './draft-decision';
import type { FormValidation } from './form-validation';

/** How one kind of record is loaded, edited as a form and written back. */
export interface RecordAdapter<Form, Body, Rec extends { rev: number; updatedAt: string }> {
  kind: Draft['kind'];
  emptyForm: () => Form;
  toForm: (record: Rec) => Form;
  parseDraftForm: (raw: unknown) => Form | null;
  validate: (form: Form) => FormValidation<Body>;
  get: (repository: Repository, id: string) => Promise<Loaded<Rec> | undefined>;
  create: (repository: Repository, body: Body, id: string) => Promise<Rec>;
  update: (repository: Repository, id: string, body: Body, baseRev: number) => Promise<Rec>;
}

export type SaveStatus =
  | { kind: 'saved' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'invalid' }
  /** Someone else saved this record meanwhile: the draft is kept, nothing is overwritten. */
  | { kind: 'stale' }
  /** The record could not be written; the draft holds what was typed. */
  | { kind: 'failed' }
  /** Neither the record nor the draft could be written: closing would lose the typing. */
  | { kind: 'unsaved' };

export type EditorPhase<Rec> =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'damaged'; loaded: Extract<Loaded<Rec>, { ok: false }> }
  | { kind: 'failed' };

export interface AutosavedRecord<Form, Body, Rec> {
  phase: EditorPhase<Rec>;
  form: Form;
  update: (change: (form: Form) => Form) => void;
  validation: FormValidation<Body>;
  /** Errors are shown once a save was attempted, not while the first words are typed. */
  showErrors: boolean;
  status: SaveStatus;
  /** When a draft newer than the record was restored on open (ISO time), else null. */
  restoredDraftAt: string | null;
  /** Whether the record exists in the database (false for a new one never saved). */
  exists: boolean;
  hasUnsavedChanges: boolean;
  /** Saves now; resolves true when everything typed is in the record. */
  saveNow: () => Promise<boolean>;
  /** Throws away the draft and goes back to the last saved record. */
  discard: () => Promise<void>;
  /**
   * After a stale revision: writes this form over the version saved elsewhere,
   * on the user's explicit request. Resolves true when saved.
   */
  overwrite: () => Promise<boolean>;
}

function toStatus(state: AutosaveState): SaveStatus {
  if (state.kind !== 'failed') return state;
  if (!state.draftKept) return { kind: 'unsaved' };
  return state.error instanceof StaleRevisionError ? { kind: 'stale' } : { kind: 'failed' };
}

/**
 * Loads a record (restoring a newer draft if one was left by a crash), and
 * keeps it saved as the user types: see AutosaveScheduler for the timing.
 */
export function useAutosavedRecord<Form, Body, Rec extends { rev: number; updatedAt: string }>(
  adapter: RecordAdapter<Form, Body, Rec>,
  id: string,
): AutosavedRecord<Form, Body, Rec> {
  const repository = useRepository();
  const [phase, setPhase] = useState<EditorPhase<Rec>>({ kind: 'loading' });
  const [form, setForm] = useState<Form>(() => adapter.emptyForm());
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved' });
  const [showErrors, setShowErrors] = useState(false);
  const [restoredDraftAt, setRestoredDraftAt] = useState<string | null>(null);
  const [exists, setExists] = useState(false);
  const baseRev = useRef(0);
  /** The rev of the record as stored; a restored draft may have started from an older one. */
  const storedRev = useRef(0);
  const savedForm = useRef<Form>(form);
  const formRef = useRef<Form>(form);

  const scheduler = useMemo(
    () =>
      new AutosaveScheduler<Form>({
        saveDraft: (draftForm) =>
          repository.saveDraft({
            id,
            kind: adapter.kind,
            baseRev: baseRev.current,
            form: draftForm,
            savedAt: new Date().toISOString(),
          }),
        commit: async (committed) => {
          const result = adapter.validate(committed);
          if (!result.ok) throw new Error('form became invalid');
          const record =
            baseRev.current === 0
              ? await adapter.create(repository, result.body, id)
              : await adapter.update(repository, id, result.body, baseRev.current);
          baseRev.current = record.rev;
          storedRev.current = record.rev;
          savedForm.current = committed;
          setExists(true);
        },
        deleteDraft: () => repository.deleteDraft(id),
        isValid: (candidate) => adapter.validate(candidate).ok,
        onState: (state) => {
          if (state.kind === 'invalid' || state.kind === 'failed') setShowErrors(true);
          setStatus(toStatus(state));
        },
      }),
    [adapter, repository, id],
  );

  useEffect(() => {
    let cancelled = false;
    setPhase({ kind: 'loading' });
    void (async () => {
      try {
        const [loaded, draft] = await Promise.all([
          adapter.get(repository, id),
          repository.getDraft(id),
        ]);
        if (cancelled) return;
        if (loaded && !loaded.ok) {
          setPhase({ kind: 'damaged', loaded });
          return;
        }
        const record = loaded?.record;
        const recordForm = record ? adapter.toForm(record) : adapter.emptyForm();
        baseRev.current = record?.rev ?? 0;
        storedRev.current = baseRev.current;
        savedForm.current = recordForm;
        setExists(record !== undefined);
        let initial = recordForm;
        const draftForm = draft?.kind === adapter.kind ? adapter.parseDraftForm(draft.form) : null;
        const decision = decideDraft(record, draft, draftForm !== null);
        if (decision === 'restore' && draft && draftForm) {
          initial = draftForm;
          baseRev.current = draft.baseRev;
          setRestoredDraftAt(draft.savedAt);
        } else if (decision === 'delete') {
          await repository.deleteDraft(id);
        }
        formRef.current = initial;
        setForm(initial);
        setPhase({ kind: 'ready' });
        // A restored draft is committed like fresh typing once it is valid.
        if (initial !== recordForm) scheduler.change(initial);
      } catch {
        if (!cancelled) setPhase({ kind: 'failed' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [adapter, repository, id, scheduler]);

  // A lock (button, Ctrl+L, idle, suspend) saves what is typed before the keys are forgotten.
  useEffect(() => draftFlushes.register(() => scheduler.flush()), [scheduler]);

  // Leaving the editor commits what can be committed; the draft keeps the rest.
  // (No dispose: under StrictMode the same scheduler is mounted again.)
  useEffect(
    () => () => {
      void scheduler.flush();
    },
    [scheduler],
  );

  const update = useCallback(
    (change: (current: Form) => Form) => {
      const next = change(formRef.current);
      formRef.current = next;
      setForm(next);
      scheduler.change(next);
    },
    [scheduler],
  );

  const saveNow = useCallback(async () => {
    setShowErrors(true);
    // The scheduler has reported the outcome (invalid, or a draft that failed to save).
    return scheduler.flush();
  }, [scheduler]);

  const discard = useCallback(async () => {
    scheduler.reset();
    await scheduler.idle();
    await repository.deleteDraft(id);
    // Reload: after a stale revision the stored version is newer than the one this editor opened.
    const loaded = await adapter.get(repository, id);
    if (loaded?.ok) {
      savedForm.current = adapter.toForm(loaded.record);
      storedRev.current = loaded.record.rev;
    }
    baseRev.current = storedRev.current;
    formRef.current = savedForm.current;
    setForm(savedForm.current);
    setShowErrors(false);
    setRestoredDraftAt(null);
    setStatus({ kind: 'saved' });
  }, [scheduler, repository, id, adapter]);

  const overwrite = useCallback(async () => {
    const loaded = await adapter.get(repository, id);
    if (!loaded?.ok) return false;
    baseRev.current = loaded.record.rev;
    storedRev.current = loaded.record.rev;
    return saveNow();
  }, [adapter, repository, id, saveNow]);

  const validation = useMemo(() => adapter.validate(form), [adapter, form]);

  return {
    phase,
    form,
    update,
    validation,
    showErrors,
    status,
    restoredDraftAt,
    exists,
    hasUnsavedChanges: status.kind !== 'saved',
    saveNow,
    discard,
    overwrite,
  };
}

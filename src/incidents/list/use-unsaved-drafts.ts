import { useEffect, useState } from 'react';
import { useRepository } from '../../app/repository-context';
import type { DraftSummary, Repository } from '../../db/repository-types';

/**
 * An editor that has just closed may still be writing its last keystrokes
 * (its flush runs after it unmounts): look once more after this long.
 */
export const CLOSING_EDITOR_GRACE_MS = 1_000;

const NONE: DraftSummary[] = [];

/**
 * Reads the drafts of never-saved records now, once more after the grace
 * period, and after every committed change (a first save turns a draft into
 * a record). Returns the function that stops watching.
 */
export function watchUnsavedDrafts(
  repository: Repository,
  kind: DraftSummary['kind'],
  onDrafts: (drafts: DraftSummary[]) => void,
): () => void {
  let active = true;
  // Reads can finish out of order; only the latest one may report.
  let latest = 0;
  const load = () => {
    latest += 1;
    const request = latest;
    repository.listDrafts(kind).then(
      (found) => {
        if (active && request === latest) onDrafts(found);
      },
      (error: unknown) => {
        // The notice is a convenience: the drafts stay stored whatever happens here.
        console.warn('unsaved drafts could not be listed', error);
      },
    );
  };
  load();
  const settle = setTimeout(load, CLOSING_EDITOR_GRACE_MS);
  const unsubscribe = repository.onChange(load);
  return () => {
    active = false;
    clearTimeout(settle);
    unsubscribe();
  };
}

/** Drafts of never-saved records, kept current; read again whenever `refreshKey` changes. */
export function useUnsavedDrafts(kind: DraftSummary['kind'], refreshKey?: unknown): DraftSummary[] {
  const repository = useRepository();
  const [drafts, setDrafts] = useState<DraftSummary[]>(NONE);
  useEffect(() => watchUnsavedDrafts(repository, kind, setDrafts), [repository, kind, refreshKey]);
  return drafts;
}

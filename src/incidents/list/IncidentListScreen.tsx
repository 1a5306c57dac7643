import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { routeToHash } from '../../app/routes';
import { useIncidentIndex } from '../../app/incident-index-context';
import type { IncidentSummary } from '../search/incident-summary';
import { FilterBar } from './FilterBar';
import { IncidentTable } from './IncidentTable';
import { UnsavedDrafts } from './UnsavedDrafts';
import {
  INITIAL_LIST_VIEW,
  isFiltered,
  toIncidentFilters,
  withFilter,
  withMoreRows,
  type ListViewState,
} from './list-view-state';
import { useDebouncedValue } from './use-debounced-value';
import { useUnsavedDrafts } from './use-unsaved-drafts';

/** Long enough to skip the intermediate keystrokes of a word, short enough to feel immediate. */
const SEARCH_DEBOUNCE_MS = 150;

const NO_RESULTS: IncidentSummary[] = [];

export interface IncidentListScreenProps {
  view: ListViewState;
  onViewChange: (view: ListViewState) => void;
  onNewIncident: () => void;
  /** Increases each time a shortcut asks for the search box; 0 means no request. */
  focusSearchRequest: number;
  onSearchFocused: () => void;
  /** How the new-incident shortcut reads on this platform ("Ctrl+N"), for the empty list. */
  newIncidentShortcut: string;
}

export function IncidentListScreen({
  view,
  onViewChange,
  onNewIncident,
  focusSearchRequest,
  onSearchFocused,
  newIncidentShortcut,
}: IncidentListScreenProps) {
  const { t } = useTranslation('list');
  const snapshot = useIncidentIndex();
  const searchRef = useRef<HTMLInputElement>(null);
  const searchId = useId();
  // This screen mounts afresh each time the route comes back from an editor.
  const drafts = useUnsavedDrafts('incident');

  useEffect(() => {
    if (focusSearchRequest === 0) return;
    searchRef.current?.focus();
    searchRef.current?.select();
    onSearchFocused();
  }, [focusSearchRequest, onSearchFocused]);

  const text = useDebouncedValue(view.query, SEARCH_DEBOUNCE_MS);
  const { category, violation, region, dateFrom, dateTo, status } = view;
  const filters = useMemo(
    () =>
      toIncidentFilters(
        { ...INITIAL_LIST_VIEW, category, violation, region, dateFrom, dateTo, status },
        text,
      ),
    [category, violation, region, dateFrom, dateTo, status, text],
  );

  // The index is mutated in place; a new snapshot object marks each change.
  const results = useMemo(
    () =>
      snapshot.phase === 'recent' || snapshot.phase === 'ready'
        ? snapshot.index.search(filters)
        : NO_RESULTS,
    [snapshot, filters],
  );
  const rows = results.slice(0, view.visible);

  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('title')}</h1>
        <button
          type="button"
          className="button button--primary"
          data-testid="new-incident"
          aria-keyshortcuts="Control+N Meta+N"
          onClick={onNewIncident}
        >
          {t('newIncident')}
        </button>
      </div>

      <section className="panel list-controls" aria-label={t('filters.label')}>
        <div className="field search-field">
          <label className="field__label" htmlFor={searchId}>
            {t('search.label')}
          </label>
          <input
            ref={searchRef}
            id={searchId}
            className="control"
            type="search"
            data-testid="search-input"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('search.placeholder')}
            aria-keyshortcuts="Control+F Meta+F /"
            value={view.query}
            onChange={(event) => onViewChange(withFilter(view, 'query', event.target.value))}
          />
        </div>
        <FilterBar view={view} onChange={onViewChange} />
      </section>

      <UnsavedDrafts
        drafts={drafts}
        namespace="list"
        open={{ href: (draft) => routeToHash({ name: 'incident', id: draft.id }) }}
      />

      {snapshot.phase === 'loading' && <p role="status">{t('loading')}</p>}
      {snapshot.phase === 'failed' && (
        <p className="notice notice--danger" role="alert">
          {t('loadFailed', { reason: snapshot.reason })}
        </p>
      )}

      {(snapshot.phase === 'recent' || snapshot.phase === 'ready') && (
        <>
          <div className="list-status">
            {snapshot.phase === 'ready' ? (
              <p className="result-count" role="status" data-testid="result-count">
                {t('resultCount', { count: results.length })}
              </p>
            ) : (
              <p className="list-status__note" role="status">
                {t('indexing')}
              </p>
            )}
          </div>

          <div data-testid="incident-list">
            {rows.length > 0 ? (
              <IncidentTable rows={rows} />
            ) : (
              snapshot.phase === 'ready' && (
                <div className="panel empty-state">
                  {isFiltered(view) ? (
                    <p>
                      <strong>{t('empty.noMatch')}</strong>
                    </p>
                  ) : (
                    <>
                      <p>
                        <strong>{t('empty.none')}</strong>
                      </p>
                      <p>{t('empty.noneHint', { shortcut: newIncidentShortcut })}</p>
                    </>
                  )}
                </div>
              )
            )}
          </div>

          {results.length > rows.length && (
            <div className="list-footer">
              <span>{t('shownOf', { shown: rows.length, total: results.length })}</span>
              <button
                type="button"
                className="button"
                onClick={() => onViewChange(withMoreRows(view, results.length))}
              >
                {t('showMore')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

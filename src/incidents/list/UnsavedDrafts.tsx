import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftSummary } from '../../db/repository-types';
import { useDateTextFormatter } from '../../i18n/use-date-text-formatter';
import { draftSavedAtWallTime } from './draft-saved-at';
import './unsaved-drafts.css';

/** Incident drafts open by address; people and organisations open in the screen's own editor pane. */
export type OpenDraft =
  { href: (draft: DraftSummary) => string } | { select: (draft: DraftSummary) => void };

export interface UnsavedDraftsProps {
  drafts: readonly DraftSummary[];
  /** Where the texts live: both namespaces hold the same `drafts.*` keys. */
  namespace: 'list' | 'actors';
  open: OpenDraft;
}

/**
 * Leads back to records that were typed but never complete enough to save,
 * so closing the editor (or a crash) never leaves typing out of reach.
 */
export function UnsavedDrafts({ drafts, namespace, open }: UnsavedDraftsProps) {
  const { t } = useTranslation(['list', 'actors']);
  // Written out for each namespace so every key used can be checked against the locale files.
  const texts =
    namespace === 'list'
      ? {
          heading: (count: number) => t('list:drafts.heading', { count }),
          hint: t('list:drafts.hint'),
          untitled: t('list:drafts.untitled'),
          editedAt: (date: string) => t('list:drafts.editedAt', { date }),
        }
      : {
          heading: (count: number) => t('actors:drafts.heading', { count }),
          hint: t('actors:drafts.hint'),
          untitled: t('actors:drafts.untitled'),
          editedAt: (date: string) => t('actors:drafts.editedAt', { date }),
        };
  const dates = useDateTextFormatter();
  const headingId = useId();
  if (drafts.length === 0) return null;

  const content = (draft: DraftSummary) => {
    const wallTime = draftSavedAtWallTime(draft.savedAt);
    return (
      <>
        <span className="unsaved-drafts__title">{draft.title.trim() || texts.untitled}</span>
        {wallTime && (
          <>
            {' '}
            <span className="unsaved-drafts__time">
              {texts.editedAt(dates.format(wallTime, 'minute'))}
            </span>
          </>
        )}
      </>
    );
  };

  return (
    <section
      className="notice unsaved-drafts"
      aria-labelledby={headingId}
      data-testid="unsaved-drafts"
    >
      <h2 className="unsaved-drafts__heading" id={headingId}>
        {texts.heading(drafts.length)}
      </h2>
      <p className="unsaved-drafts__hint">{texts.hint}</p>
      <ul className="unsaved-drafts__list">
        {drafts.map((draft) => (
          <li key={draft.id}>
            {'href' in open ? (
              <a className="unsaved-drafts__open" href={open.href(draft)}>
                {content(draft)}
              </a>
            ) : (
              <button
                type="button"
                className="unsaved-drafts__open unsaved-drafts__open--button"
                onClick={() => open.select(draft)}
              >
                {content(draft)}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

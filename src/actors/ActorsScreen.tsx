import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Actor, ActorBody } from '../domain/actor';
import { newId } from '../domain/ids';
import type { Loaded } from '../db/repository-types';
import { UnsavedDrafts } from '../incidents/list/UnsavedDrafts';
import { useUnsavedDrafts } from '../incidents/list/use-unsaved-drafts';
import { TextField } from '../ui/TextField';
import { searchActors } from './actor-search';
import { ActorEditor } from './ActorEditor';
import { useLoadedActors } from './useActors';
import './actors.css';

interface Selection {
  id: string;
  /** The kind a new record starts with ("New person" / "New organisation"). */
  newKind: ActorBody['kind'];
}

type ListItem = { id: string; actor: Actor | null };

function listItems(
  loaded: readonly Loaded<Actor>[],
  query: string,
  collator: Intl.Collator,
): ListItem[] {
  if (query.trim() !== '') {
    return searchActors([...loaded], query, 200).map((actor) => ({ id: actor.id, actor }));
  }
  const items: ListItem[] = loaded.flatMap((item): ListItem[] => {
    if (!item.ok) return [{ id: item.id, actor: null }];
    return item.record.deleted ? [] : [{ id: item.record.id, actor: item.record }];
  });
  // Damaged records last, so they are seen but do not crowd the list.
  return items.sort((a, b) =>
    a.actor && b.actor
      ? collator.compare(a.actor.name, b.actor.name)
      : a.actor
        ? -1
        : b.actor
          ? 1
          : 0,
  );
}

/** People and organisations: find one by any spelling of the name, create and edit them. */
export function ActorsScreen() {
  const { t, i18n } = useTranslation(['actors', 'vocab']);
  const loaded = useLoadedActors();
  const [query, setQuery] = useState('');
  const [selection, setSelection] = useState<Selection | null>(null);
  const items = useMemo(
    () => listItems(loaded ?? [], query, new Intl.Collator(i18n.language)),
    [loaded, query, i18n.language],
  );

  // Read again whenever the editor pane changes hands: the one closing has just written its draft.
  const drafts = useUnsavedDrafts('actor', selection?.id);
  // The draft open in the editor pane is in plain view already.
  const unopenedDrafts = useMemo(
    () => drafts.filter((draft) => draft.id !== selection?.id),
    [drafts, selection?.id],
  );

  const startNew = (newKind: ActorBody['kind']) => setSelection({ id: newId(), newKind });

  return (
    <div className="actors-screen" data-testid="actors-screen">
      <div className="actors-screen__list-pane">
        <h1 className="actors-screen__title">{t('title')}</h1>
        <div className="actors-screen__new">
          <button
            type="button"
            className="ui-button"
            onClick={() => startNew('person')}
            data-testid="new-person"
          >
            + {t('actions.newPerson')}
          </button>
          <button
            type="button"
            className="ui-button"
            onClick={() => startNew('organisation')}
            data-testid="new-organisation"
          >
            + {t('actions.newOrganisation')}
          </button>
        </div>
        {/* The draft's own form says person or organisation; the editor restores it. */}
        <UnsavedDrafts
          drafts={unopenedDrafts}
          namespace="actors"
          open={{ select: (draft) => setSelection({ id: draft.id, newKind: 'person' }) }}
        />
        <TextField
          id="actors-search"
          type="search"
          label={t('search.label')}
          hint={t('search.hint')}
          value={query}
          onChange={setQuery}
        />
        <p className="actors-muted" role="status" aria-live="polite">
          {loaded === null ? t('list.loading') : t('list.count', { count: items.length })}
        </p>
        <ul className="actors-list" aria-label={t('list.label')}>
          {items.map(({ id, actor }) => (
            <li key={id}>
              <button
                type="button"
                className="actors-list__item"
                aria-current={selection?.id === id ? 'true' : undefined}
                onClick={() => setSelection({ id, newKind: actor?.kind ?? 'person' })}
              >
                {actor ? (
                  <>
                    <span className="actors-list__name">{actor.name}</span>
                    <span className="actors-list__meta">
                      {[
                        t(`vocab:actorKind.${actor.kind}`),
                        actor.defaultRole ? t(`vocab:victimRole.${actor.defaultRole}`) : '',
                        actor.affiliation,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                    {actor.nameVariants.length > 0 ? (
                      <span className="actors-list__variants">{actor.nameVariants.join(', ')}</span>
                    ) : null}
                  </>
                ) : (
                  <span className="actors-list__damaged">{t('list.damaged')}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="actors-screen__editor-pane">
        {selection ? (
          <ActorEditor key={selection.id} actorId={selection.id} newKind={selection.newKind} />
        ) : (
          <p className="actors-muted">{t('list.nothingSelected')}</p>
        )}
      </div>
    </div>
  );
}

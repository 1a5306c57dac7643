import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { emptyActorBody, type Actor, type ActorBody } from '../domain/actor';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useVocabOptions } from '../ui/useVocabOptions';
import { searchActors } from './actor-search';
import './actors.css';

export interface ActorPickerProps {
  actors: readonly Actor[];
  /** Ids already linked, marked in the results so the same person is not added twice. */
  linkedIds: ReadonlySet<string>;
  onPick: (actor: Actor, role: string) => void;
  /** Creates the record; the picker then links it. */
  onCreate: (body: ActorBody) => Promise<Actor>;
  onClose: () => void;
}

/**
 * Finds a person or organisation by any spelling of the name (Cyrillic or
 * Latin), or creates one on the spot, so the same journalist across several
 * incidents stays one record.
 */
export function ActorPicker({ actors, linkedIds, onPick, onCreate, onClose }: ActorPickerProps) {
  const { t } = useTranslation(['actors', 'vocab']);
  const kinds = useVocabOptions('actorKind');
  const roles = useVocabOptions('victimRole');
  const baseId = useId();
  const [query, setQuery] = useState('');
  const [newName, setNewName] = useState<string | null>(null);
  const [newKind, setNewKind] = useState<ActorBody['kind']>('person');
  const [newRole, setNewRole] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | undefined>(undefined);
  const resultsRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);

  // The picker opens on request ("Add a victim"), so typing starts in its search box.
  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  const results = useMemo(() => searchActors([...actors], query, 8), [actors, query]);
  const nameForNew = newName ?? query;

  const pick = (actor: Actor) => onPick(actor, actor.defaultRole ?? '');

  const create = async () => {
    if (nameForNew.trim() === '') {
      setCreateError(t('picker.nameRequired'));
      return;
    }
    setCreating(true);
    setCreateError(undefined);
    try {
      const body: ActorBody = {
        ...emptyActorBody(newKind),
        name: nameForNew.trim(),
        defaultRole: (newRole || null) as ActorBody['defaultRole'],
      };
      const actor = await onCreate(body);
      onPick(actor, newRole);
    } catch {
      setCreateError(t('picker.createFailed'));
    } finally {
      setCreating(false);
    }
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement & HTMLTextAreaElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      resultsRef.current?.querySelector('button')?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const first = results.find((actor) => !linkedIds.has(actor.id));
      if (first) pick(first);
    }
  };

  const onResultsKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const buttons = [...(resultsRef.current?.querySelectorAll('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[index + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) next.focus();
    else if (event.key === 'ArrowUp') document.getElementById(`${baseId}-search`)?.focus();
  };

  return (
    <div
      className="actor-picker"
      role="group"
      aria-label={t('picker.title')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          // Closes the picker only, not the editor around it.
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <TextField
        id={`${baseId}-search`}
        type="search"
        label={t('picker.search')}
        hint={t('picker.searchHint')}
        value={query}
        onChange={setQuery}
        inputRef={searchRef}
        onKeyDown={onSearchKey}
      />
      {query.trim() !== '' ? (
        <div aria-live="polite" className="actor-picker__count">
          {t('picker.found', { count: results.length })}
        </div>
      ) : null}
      {results.length > 0 ? (
        <ul ref={resultsRef} className="actor-picker__results" onKeyDown={onResultsKey}>
          {results.map((actor) => (
            <li key={actor.id}>
              <button
                type="button"
                className="actor-picker__result"
                disabled={linkedIds.has(actor.id)}
                onClick={() => pick(actor)}
              >
                <span className="actor-picker__name">{actor.name}</span>
                <span className="actor-picker__meta">
                  {[
                    t(`vocab:actorKind.${actor.kind}`),
                    actor.affiliation,
                    linkedIds.has(actor.id) ? t('picker.alreadyLinked') : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {actor.nameVariants.length > 0 ? (
                  <span className="actor-picker__variants">{actor.nameVariants.join(', ')}</span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="actor-picker__create" role="group" aria-labelledby={`${baseId}-create`}>
        <p className="actor-picker__create-title" id={`${baseId}-create`}>
          {t('picker.createTitle')}
        </p>
        <div className="actor-picker__create-fields">
          <TextField
            id={`${baseId}-name`}
            label={t('picker.newName')}
            value={nameForNew}
            onChange={setNewName}
            error={createError}
          />
          <SelectField
            id={`${baseId}-kind`}
            label={t('picker.newKind')}
            value={newKind}
            options={kinds}
            onChange={(kind) => setNewKind(kind as ActorBody['kind'])}
          />
          <SelectField
            id={`${baseId}-role`}
            label={t('picker.newRole')}
            value={newRole}
            emptyLabel={t('picker.noRole')}
            options={roles}
            onChange={setNewRole}
          />
        </div>
        <div className="actor-picker__actions">
          <button
            type="button"
            className="ui-button ui-button--primary"
            disabled={creating}
            onClick={() => void create()}
          >
            {t('picker.createAndAdd')}
          </button>
          <button type="button" className="ui-button" onClick={onClose}>
            {t('picker.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

import type { Actor } from '../domain/actor';
import { foldForSearch, foldedTerms } from '../domain/text-fold';
import type { Loaded } from '../db/repository-types';

/** How well an actor's best name form matches; lower ranks first. */
const MatchRank = {
  /** A name form starts with the whole query: "Жапа" → "Жапаров Садыр". */
  WholePrefix: 0,
  /** Every term starts a word of one name form: "sad jap" → "Sadyr Japarov". */
  WordPrefixes: 1,
  /** Every term occurs somewhere in one name form. */
  Substring: 2,
} as const;
type MatchRank = (typeof MatchRank)[keyof typeof MatchRank];

function rankNameForm(form: string, query: string, terms: readonly string[]): MatchRank | null {
  if (form.startsWith(query)) return MatchRank.WholePrefix;
  if (!terms.every((term) => form.includes(term))) return null;
  const words = form.split(' ');
  const allStartWords = terms.every((term) => words.some((word) => word.startsWith(term)));
  return allStartWords ? MatchRank.WordPrefixes : MatchRank.Substring;
}

function isActor(item: Loaded<Actor> | Actor): item is Actor {
  return !('ok' in item);
}

/** Usable actors only: damaged records cannot be linked, tombstones are gone. */
function usableActors(items: readonly (Loaded<Actor> | Actor)[]): Actor[] {
  const actors: Actor[] = [];
  for (const item of items) {
    const actor = isActor(item) ? item : item.ok ? item.record : null;
    if (actor && !actor.deleted) actors.push(actor);
  }
  return actors;
}

/**
 * People and organisations whose name or any name variant matches `query` in
 * either script (see foldForSearch), so the editor can offer "Садыр Жапаров"
 * when a monitor types "Japarov" instead of creating a duplicate. All terms
 * must occur in one name form. Best matches first: a name starting with the
 * query, then names whose words start with every term, then other matches;
 * ties by name.
 */
export function searchActors(
  actors: Loaded<Actor>[] | Actor[],
  query: string,
  limit = 10,
): Actor[] {
  const folded = foldForSearch(query);
  const terms = foldedTerms(query);
  if (terms.length === 0 || limit <= 0) return [];

  const ranked: { actor: Actor; rank: MatchRank }[] = [];
  for (const actor of usableActors(actors)) {
    let best: MatchRank | null = null;
    for (const name of [actor.name, ...actor.nameVariants]) {
      const rank = rankNameForm(foldForSearch(name), folded, terms);
      if (rank !== null && (best === null || rank < best)) best = rank;
      if (best === MatchRank.WholePrefix) break;
    }
    if (best !== null) ranked.push({ actor, rank: best });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.actor.name.localeCompare(b.actor.name));
  return ranked.slice(0, limit).map((r) => r.actor);
}

import { useEffect, useState } from 'react';
import { useRepository } from '../app/repository-context';
import type { Actor } from '../domain/actor';
import type { Loaded } from '../db/repository-types';

/**
 * Every stored person and organisation (damaged ones included, so the actors
 * screen can show them), kept current as records change.
 */
export function useLoadedActors(): Loaded<Actor>[] | null {
  const repository = useRepository();
  const [actors, setActors] = useState<Loaded<Actor>[] | null>(null);
  useEffect(() => {
    let current = true;
    const reload = () => {
      void repository.listActors().then((list) => {
        if (current) setActors(list);
      });
    };
    reload();
    const unsubscribe = repository.onChange((change) => {
      if (change.table === 'actors') reload();
    });
    return () => {
      current = false;
      unsubscribe();
    };
  }, [repository]);
  return actors;
}

/** The readable actors only, for linking from an incident. */
export function usableActors(loaded: readonly Loaded<Actor>[] | null): Actor[] {
  if (!loaded) return [];
  return loaded.flatMap((item) => (item.ok && !item.record.deleted ? [item.record] : []));
}

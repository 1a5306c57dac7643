import { createContext, useContext, useSyncExternalStore } from 'react';
import type { IncidentFilters } from '../incidents/search/incident-filters';
import type { IncidentSummary } from '../incidents/search/incident-summary';
import type { IndexSnapshot, LiveIncidentIndex, UpdatableIndex } from './live-incident-index';

/** What the list needs from the search index (IncidentIndex provides it). */
export interface SearchableIndex extends UpdatableIndex {
  search(filters: IncidentFilters): IncidentSummary[];
}

export const IncidentIndexContext = createContext<LiveIncidentIndex<SearchableIndex> | null>(null);

/** The current state of the live search index; re-renders on every change. */
export function useIncidentIndex(): IndexSnapshot<SearchableIndex> {
  const live = useContext(IncidentIndexContext);
  if (!live) throw new Error('useIncidentIndex outside IncidentIndexContext');
  // The same snapshot serves server rendering, used by the shell tests.
  return useSyncExternalStore(live.subscribe, live.getSnapshot, live.getSnapshot);
}

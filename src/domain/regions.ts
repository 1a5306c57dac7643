/**
 * Administrative places of Kyrgyzstan used for an incident's location.
 * Labels are in locales/<lng>/vocab.json under `region.<id>`.
 * (Placeholder list; completed by the domain work.)
 */
export type RegionKind = 'oblast' | 'republican_city' | 'city';

export interface Region {
  id: string;
  kind: RegionKind;
  /** The oblast a city lies in; absent for oblasts and the two cities of republican significance. */
  oblast?: string;
}

export const REGIONS: readonly Region[] = [
  { id: 'bishkek', kind: 'republican_city' },
  { id: 'osh_city', kind: 'republican_city' },
];

export const REGION_IDS: readonly string[] = REGIONS.map((r) => r.id);

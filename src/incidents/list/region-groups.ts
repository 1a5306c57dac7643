import type { Region } from '../../domain/regions';

export interface RegionGroup {
  /** 'republican' for Bishkek and Osh, else the oblast id (the group is labelled with its name). */
  key: string;
  /** For an oblast group, the oblast itself comes first, then its cities. */
  regionIds: string[];
}

/**
 * Groups the region list for a <select> with <optgroup>s: the two cities of
 * republican significance, then each oblast with its cities, ordered by
 * their names in the UI language.
 */
export function groupRegions(
  regions: readonly Region[],
  label: (regionId: string) => string,
  collator: Intl.Collator,
): RegionGroup[] {
  const byLabel = (a: string, b: string) => collator.compare(label(a), label(b));
  const republican = regions.filter((r) => r.kind === 'republican_city').map((r) => r.id);
  const oblasts = regions.filter((r) => r.kind === 'oblast').map((r) => r.id);
  const groups: RegionGroup[] = [];
  if (republican.length > 0)
    groups.push({ key: 'republican', regionIds: republican.sort(byLabel) });
  for (const oblast of oblasts.sort(byLabel)) {
    const cities = regions
      .filter((r) => r.kind === 'city' && r.oblast === oblast)
      .map((r) => r.id)
      .sort(byLabel);
    groups.push({ key: oblast, regionIds: [oblast, ...cities] });
  }
  return groups;
}

/**
 * Administrative places of Kyrgyzstan used for an incident's location:
 * the seven oblasts, the two cities of republican significance (Bishkek and
 * Osh, which belong to no oblast), and every other town with city status
 * (шаар / город), each with the oblast it lies in.
 *
 * Ids are stable lowercase ASCII and are stored in records and bundles: never
 * rename one. Labels are in locales/<lng>/vocab.json under `region.<id>`.
 *
 * Bishkek lies geographically inside Chuy oblast but is administratively
 * separate, so a Chuy filter does not match it (monitors' reports count the
 * capital on its own).
 */
export type RegionKind = 'oblast' | 'republican_city' | 'city';

export const REGION_KINDS: readonly RegionKind[] = ['oblast', 'republican_city', 'city'];

export interface Region {
  id: string;
  kind: RegionKind;
  /** The oblast a city lies in; absent for oblasts and the two cities of republican significance. */
  oblast?: string;
}

const oblast = (id: string): Region => ({ id, kind: 'oblast' });
const city = (id: string, inOblast: string): Region => ({ id, kind: 'city', oblast: inOblast });

export const REGIONS: readonly Region[] = [
  { id: 'bishkek', kind: 'republican_city' },
  { id: 'osh_city', kind: 'republican_city' },

  oblast('batken_oblast'),
  oblast('chuy_oblast'),
  oblast('issyk_kul_oblast'),
  oblast('jalal_abad_oblast'),
  oblast('naryn_oblast'),
  oblast('osh_oblast'),
  oblast('talas_oblast'),

  city('batken', 'batken_oblast'),
  city('isfana', 'batken_oblast'),
  city('kadamjay', 'batken_oblast'),
  city('kyzyl_kiya', 'batken_oblast'),
  city('sulukta', 'batken_oblast'),
  city('aidarken', 'batken_oblast'),

  city('tokmok', 'chuy_oblast'),
  city('kara_balta', 'chuy_oblast'),
  city('kant', 'chuy_oblast'),
  city('kemin', 'chuy_oblast'),
  city('shopokov', 'chuy_oblast'),
  city('orlovka', 'chuy_oblast'),
  city('kaindy', 'chuy_oblast'),

  city('karakol', 'issyk_kul_oblast'),
  city('balykchy', 'issyk_kul_oblast'),
  city('cholpon_ata', 'issyk_kul_oblast'),

  city('jalal_abad', 'jalal_abad_oblast'),
  city('tash_kumyr', 'jalal_abad_oblast'),
  city('kara_kul', 'jalal_abad_oblast'),
  city('mailuu_suu', 'jalal_abad_oblast'),
  city('kok_jangak', 'jalal_abad_oblast'),
  city('toktogul', 'jalal_abad_oblast'),
  city('kochkor_ata', 'jalal_abad_oblast'),
  city('kerben', 'jalal_abad_oblast'),

  city('naryn', 'naryn_oblast'),

  city('uzgen', 'osh_oblast'),
  city('kara_suu', 'osh_oblast'),
  city('nookat', 'osh_oblast'),

  city('talas', 'talas_oblast'),
];

export const REGION_IDS: readonly string[] = REGIONS.map((r) => r.id);

const REGION_BY_ID: ReadonlyMap<string, Region> = new Map(REGIONS.map((r) => [r.id, r]));

export function findRegion(id: string): Region | undefined {
  return REGION_BY_ID.get(id);
}

/**
 * Whether an incident located in `incidentRegionId` passes a filter on
 * `filterId`: the same place, or a city of the oblast filtered on.
 * An unknown or empty incident region never matches.
 */
export function regionMatches(filterId: string, incidentRegionId: string): boolean {
  if (!incidentRegionId) return false;
  if (filterId === incidentRegionId) return true;
  const region = REGION_BY_ID.get(incidentRegionId);
  return region?.oblast !== undefined && region.oblast === filterId;
}

/** The cities that lie in an oblast (for a grouped picker). */
export function citiesOf(oblastId: string): Region[] {
  return REGIONS.filter((r) => r.oblast === oblastId);
}

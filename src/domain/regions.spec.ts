import { describe, expect, it } from 'vitest';
import { REGIONS, REGION_IDS, citiesOf, findRegion, regionMatches } from './regions';

describe('REGIONS', () => {
  it('lists the seven oblasts of Kyrgyzstan', () => {
    const oblasts = REGIONS.filter((r) => r.kind === 'oblast').map((r) => r.id);
    expect(oblasts.sort()).toEqual([
      'batken_oblast',
      'chuy_oblast',
      'issyk_kul_oblast',
      'jalal_abad_oblast',
      'naryn_oblast',
      'osh_oblast',
      'talas_oblast',
    ]);
  });

  it('has Bishkek and Osh as cities of republican significance, outside any oblast', () => {
    const republican = REGIONS.filter((r) => r.kind === 'republican_city');
    expect(republican.map((r) => r.id).sort()).toEqual(['bishkek', 'osh_city']);
    expect(republican.every((r) => r.oblast === undefined)).toBe(true);
  });

  it('places every other city in an existing oblast', () => {
    const cities = REGIONS.filter((r) => r.kind === 'city');
    expect(cities.length).toBe(29);
    for (const city of cities) {
      expect(findRegion(city.oblast ?? '')?.kind, city.id).toBe('oblast');
    }
    expect(findRegion('karakol')?.oblast).toBe('issyk_kul_oblast');
    expect(findRegion('uzgen')?.oblast).toBe('osh_oblast');
    expect(findRegion('tokmok')?.oblast).toBe('chuy_oblast');
  });

  it('uses unique, stable lowercase ASCII ids', () => {
    expect(new Set(REGION_IDS).size).toBe(REGION_IDS.length);
    for (const id of REGION_IDS) expect(id).toMatch(/^[a-z][a-z_]*[a-z]$/);
  });

  it('gives oblasts and republican cities no parent', () => {
    for (const region of REGIONS.filter((r) => r.kind !== 'city'))
      expect(region.oblast).toBeUndefined();
  });

  it('lists the cities of an oblast', () => {
    expect(
      citiesOf('issyk_kul_oblast')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['balykchy', 'cholpon_ata', 'karakol']);
    expect(citiesOf('bishkek')).toEqual([]);
  });
});

describe('regionMatches', () => {
  it('matches the same place', () => {
    expect(regionMatches('bishkek', 'bishkek')).toBe(true);
    expect(regionMatches('karakol', 'karakol')).toBe(true);
    expect(regionMatches('chuy_oblast', 'chuy_oblast')).toBe(true);
  });

  it('lets an oblast filter match the cities in it', () => {
    expect(regionMatches('issyk_kul_oblast', 'karakol')).toBe(true);
    expect(regionMatches('osh_oblast', 'kara_suu')).toBe(true);
  });

  it('does not match a city of another oblast', () => {
    expect(regionMatches('naryn_oblast', 'karakol')).toBe(false);
  });

  it('keeps Bishkek and Osh city apart from the oblasts around them', () => {
    expect(regionMatches('chuy_oblast', 'bishkek')).toBe(false);
    expect(regionMatches('osh_oblast', 'osh_city')).toBe(false);
    expect(regionMatches('osh_city', 'osh_oblast')).toBe(false);
  });

  it('does not let a city filter match its oblast or a sibling city', () => {
    expect(regionMatches('karakol', 'issyk_kul_oblast')).toBe(false);
    expect(regionMatches('karakol', 'balykchy')).toBe(false);
  });

  it('never matches an unknown or empty incident region', () => {
    expect(regionMatches('bishkek', '')).toBe(false);
    expect(regionMatches('', '')).toBe(false);
    expect(regionMatches('chuy_oblast', 'atlantis')).toBe(false);
  });
});

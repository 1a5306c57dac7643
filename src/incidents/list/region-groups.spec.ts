import { describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../domain/regions';
import { groupRegions } from './region-groups';

const sample: Region[] = [
  { id: 'osh_city', kind: 'republican_city' },
  { id: 'bishkek', kind: 'republican_city' },
  { id: 'talas_oblast', kind: 'oblast' },
  { id: 'chuy_oblast', kind: 'oblast' },
  { id: 'tokmok', kind: 'city', oblast: 'chuy_oblast' },
  { id: 'kant', kind: 'city', oblast: 'chuy_oblast' },
  { id: 'talas', kind: 'city', oblast: 'talas_oblast' },
];

const russian: Record<string, string> = {
  osh_city: 'Ош',
  bishkek: 'Бишкек',
  talas_oblast: 'Таласская область',
  chuy_oblast: 'Чуйская область',
  tokmok: 'Токмок',
  kant: 'Кант',
  talas: 'Талас',
};

describe('groupRegions', () => {
  it('puts the republican cities first, then oblasts with their cities, sorted by name', () => {
    const groups = groupRegions(sample, (id) => russian[id] ?? id, new Intl.Collator('ru'));
    expect(groups).toEqual([
      { key: 'republican', regionIds: ['bishkek', 'osh_city'] },
      { key: 'talas_oblast', regionIds: ['talas_oblast', 'talas'] },
      { key: 'chuy_oblast', regionIds: ['chuy_oblast', 'kant', 'tokmok'] },
    ]);
  });

  it('offers every region of the country exactly once', () => {
    const groups = groupRegions(REGIONS, (id) => id, new Intl.Collator('en'));
    const offered = groups.flatMap((g) => g.regionIds).sort();
    expect(offered).toEqual(REGIONS.map((r) => r.id).sort());
  });
});

import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actor';
import type { Loaded } from '../db/repository-types';
import { loaded, makeActor } from '../incidents/search/test-fixtures';
import { searchActors } from './actor-search';

const japarov = makeActor({
  name: 'Садыр Жапаров',
  nameVariants: ['Sadyr Japarov', 'Садыр Нуркожоевич Жапаров'],
});
const japarova = makeActor({ name: 'Айгүл Жапарова' });
const tekebayev = makeActor({ name: 'Омурбек Текебаев', nameVariants: ['Omurbek Tekebayev'] });
const karasartova = makeActor({ name: 'Рита Карасартова', nameVariants: ['Rita Karasartova'] });
const azattyk = makeActor({
  kind: 'organisation',
  name: 'Азаттык',
  nameVariants: ['Radio Azattyk', 'RFE/RL Kyrgyz Service'],
});
const zanoza = makeActor({ kind: 'organisation', name: 'Заноза', nameVariants: ['Zanoza.kg'] });

const ACTORS = [japarov, japarova, tekebayev, karasartova, azattyk, zanoza];
const names = (actors: Actor[]) => actors.map((a) => a.name);

describe('searchActors', () => {
  it('finds a person written in Cyrillic by a Latin spelling', () => {
    expect(names(searchActors(ACTORS, 'Tekebayev'))).toEqual(['Омурбек Текебаев']);
    expect(names(searchActors(ACTORS, 'Karasartova'))).toEqual(['Рита Карасартова']);
    expect(names(searchActors(ACTORS, 'Zhaparov Sadyr'))).toEqual(['Садыр Жапаров']);
  });

  it('finds an organisation by a Latin name variant typed in Cyrillic', () => {
    expect(names(searchActors(ACTORS, 'радио азаттык'))).toEqual(['Азаттык']);
    expect(names(searchActors(ACTORS, 'zanoza'))).toEqual(['Заноза']);
  });

  it('ranks a name starting with the query first, then word starts, then other matches', () => {
    const wholePrefix = makeActor({ name: 'Жапаров Марат' });
    const wordStartA = makeActor({ name: 'Айгүл Жапарова' });
    const wordStartS = makeActor({ name: 'Садыр Жапаров' });
    const inside = makeActor({ name: 'Кудайберген Ажапаров' });
    const unrelated = makeActor({ name: 'Омурбек Текебаев' });
    const found = searchActors([inside, wordStartS, unrelated, wordStartA, wholePrefix], 'Japarov');
    // Alphabetically "Айгүл" would come first and "Кудайберген" before "Садыр": rank wins.
    expect(names(found)).toEqual([
      'Жапаров Марат',
      'Айгүл Жапарова',
      'Садыр Жапаров',
      'Кудайберген Ажапаров',
    ]);
  });

  it('ranks by the best of an actor’s name forms', () => {
    const byVariant = makeActor({ name: 'Бакыт Ажыбаев', nameVariants: ['Japarov Bakyt'] });
    const byName = makeActor({ name: 'Айгүл Жапарова' });
    expect(names(searchActors([byName, byVariant], 'japarov'))).toEqual([
      'Бакыт Ажыбаев',
      'Айгүл Жапарова',
    ]);
  });

  it('needs every term in one name form', () => {
    expect(searchActors(ACTORS, 'Rita Tekebayev')).toEqual([]);
  });

  it('respects the limit and returns nothing for an empty query', () => {
    expect(searchActors(ACTORS, 'a', 2)).toHaveLength(2);
    expect(searchActors(ACTORS, '')).toEqual([]);
    expect(searchActors(ACTORS, ' — ')).toEqual([]);
    expect(searchActors(ACTORS, 'Жапаров', 0)).toEqual([]);
  });

  it('accepts loaded records and skips damaged ones and tombstones', () => {
    const items: Loaded<Actor>[] = [
      loaded(japarov),
      loaded({ ...japarova, deleted: true }),
      {
        ok: false,
        id: 'x',
        rev: 1,
        updatedAt: '2024-01-01T00:00:00.000Z',
        raw: { name: 'Жапаров' },
        problems: [],
      },
    ];
    expect(names(searchActors(items, 'japarov'))).toEqual(['Садыр Жапаров']);
  });
});

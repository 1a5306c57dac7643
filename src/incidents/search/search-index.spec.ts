import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import type { Loaded } from '../../db/repository-types';
import { IncidentIndex, NO_FILTERS, type IncidentFilters } from './search-index';
import { damaged, loaded, makeActor, makeIncident, testId } from './test-fixtures';

const japarov = makeActor({
  name: 'Садыр Жапаров',
  nameVariants: ['Sadyr Japarov'],
  defaultRole: 'politician',
});
const zanoza = makeActor({ kind: 'organisation', name: 'Заноза', nameVariants: ['Zanoza.kg'] });
const azattyk = makeActor({
  kind: 'organisation',
  name: 'Азаттык',
  nameVariants: ['Radio Azattyk', 'RFE/RL'],
});
const leninskyCourt = makeActor({ kind: 'organisation', name: 'Ленинский районный суд г. Бишкек' });

const march18 = makeIncident(
  {
    title: 'Марш в поддержку свободы слова',
    summary:
      'Задержаны депутат и журналист Би-би-си; пятеро активистов получили пять суток ареста.',
    categories: ['assembly', 'expression'],
    violations: ['detention', 'administrative_arrest'],
    date: { precision: 'day', start: '2017-03-18', end: '' },
    location: { region: 'bishkek', settlement: 'Бишкек', place: 'парк Победы', coordinates: null },
    groups: [
      { outcome: 'participants', count: 300, qualifier: 'approximate', description: '' },
      { outcome: 'sentenced', count: 5, qualifier: 'exact', description: 'молодые активисты' },
    ],
    perpetrators: [{ type: 'police', actorId: null, description: 'патрульная милиция' }],
    status: 'complete',
  },
  { updatedAt: '2024-02-01T00:00:00.000Z' },
);

const march25 = makeIncident(
  {
    title: 'Акция в поддержку политика у СИЗО ГКНБ',
    categories: ['assembly'],
    violations: ['forced_dispersal', 'detention', 'ill_treatment'],
    date: { precision: 'day', start: '2017-03-25', end: '' },
    location: { region: 'bishkek', settlement: '', place: '', coordinates: null },
    victims: [{ actorId: japarov.id, role: 'politician', note: '' }],
    groups: [
      { outcome: 'detained', count: 105, qualifier: 'exact', description: '' },
      { outcome: 'fined', count: 12, qualifier: 'exact', description: '' },
    ],
    sources: [
      {
        type: 'media',
        reference: 'https://24.kg/obschestvo/46012',
        reliability: 'high',
        consent: 'unknown',
        date: '',
      },
    ],
    status: 'verified',
  },
  { updatedAt: '2024-01-15T00:00:00.000Z' },
);

const assemblyBan = makeIncident({
  title: 'Court bans assemblies in Leninsky district',
  categories: ['assembly'],
  violations: ['assembly_ban'],
  date: { precision: 'range', start: '2017-03-20', end: '2017-04-08' },
  location: { region: 'bishkek', settlement: '', place: '', coordinates: null },
  perpetrators: [{ type: 'court', actorId: leninskyCourt.id, description: '' }],
  proceedings: [
    {
      court: '',
      caseNumber: 'АД-17/0312',
      charges: '',
      sentence: '',
      money: null,
      date: '2017-03-17',
      note: '',
    },
  ],
  status: 'complete',
});

const lawsuits = makeIncident({
  title: 'Иски генпрокурора о защите чести и достоинства президента',
  categories: ['expression'],
  violations: ['defamation_lawsuit'],
  date: { precision: 'month', start: '2017-03', end: '' },
  location: { region: '', settlement: '', place: '', coordinates: null },
  victims: [
    { actorId: azattyk.id, role: 'media_outlet', note: '' },
    { actorId: zanoza.id, role: 'media_outlet', note: '' },
  ],
  status: 'draft',
});

const karakol = makeIncident({
  title: 'Пикет учителей',
  categories: ['assembly'],
  violations: ['summons_or_intimidation'],
  date: { precision: 'day', start: '2016-11-02', end: '' },
  location: {
    region: 'karakol',
    settlement: 'Каракол',
    place: 'площадь перед акиматом',
    coordinates: null,
  },
  status: 'draft',
});

const undated = makeIncident({ title: 'Заметка без даты', notes: 'уточнить у наблюдателя' });

const brokenId = testId();
const broken = damaged(brokenId, {
  title: 'Пикет у Белого дома',
  date: 'вчера',
  victims: 'Tekebayev',
});

const ALL: Loaded<Incident>[] = [march18, march25, assemblyBan, lawsuits, karakol, undated].map(
  loaded,
);
ALL.push(broken);
const ACTORS: Loaded<Actor>[] = [japarov, zanoza, azattyk, leninskyCourt].map(loaded);

const filters = (patch: Partial<IncidentFilters>): IncidentFilters => ({ ...NO_FILTERS, ...patch });
const ids = (index: IncidentIndex, patch: Partial<IncidentFilters>) =>
  index.search(filters(patch)).map((s) => s.id);
const build = () => IncidentIndex.build(ALL, ACTORS);

describe('IncidentIndex ordering and summaries', () => {
  it('lists everything, newest incident date first, undated and damaged last', () => {
    const index = build();
    expect(index.size).toBe(7);
    expect(ids(index, {})).toEqual([
      march25.id,
      assemblyBan.id,
      march18.id,
      lawsuits.id,
      karakol.id,
      undated.id,
      brokenId,
    ]);
  });

  it('orders incidents of the same date by last edit, newest first', () => {
    const sameDay = (updatedAt: string) =>
      makeIncident(
        { title: 'x', date: { precision: 'day', start: '2020-01-01', end: '' } },
        { updatedAt },
      );
    const older = sameDay('2024-01-01T00:00:00.000Z');
    const newer = sameDay('2024-06-01T00:00:00.000Z');
    const index = IncidentIndex.build([older, newer].map(loaded), []);
    expect(ids(index, {})).toEqual([newer.id, older.id]);
  });

  it('summarises an incident for the list', () => {
    const summary = build().get(march25.id);
    expect(summary).toMatchObject({
      ok: true,
      title: 'Акция в поддержку политика у СИЗО ГКНБ',
      region: 'bishkek',
      status: 'verified',
      categories: ['assembly'],
      date: { precision: 'day', start: '2017-03-25', end: '' },
      // 105 detained, of whom 12 fined: the largest group, not the sum.
      victimCount: 105,
    });
  });

  it('counts linked victims or the largest non-participant group, whichever is larger', () => {
    const index = build();
    expect(index.get(march18.id)?.victimCount).toBe(5);
    expect(index.get(lawsuits.id)?.victimCount).toBe(2);
    expect(index.get(undated.id)?.victimCount).toBe(0);
  });

  it('summarises a damaged record with what it still holds', () => {
    expect(build().get(brokenId)).toEqual({
      id: brokenId,
      ok: false,
      title: 'Пикет у Белого дома',
      date: null,
      region: '',
      status: null,
      categories: [],
      violations: [],
      updatedAt: '2024-01-01T00:00:00.000Z',
      victimCount: 0,
    });
  });

  it('takes a damaged title from the stored envelope the repository hands back', () => {
    const id = testId();
    const stored = damaged(id, {
      id,
      rev: 2,
      updatedAt: '2024-01-01T00:00:00.000Z',
      deleted: false,
      body: { title: 'Марш 18 марта', date: 'вчера' },
    });
    expect(IncidentIndex.build([stored], []).get(id)?.title).toBe('Марш 18 марта');
  });

  it('hands out read-only summaries', () => {
    const summary = build().get(march18.id);
    expect(Object.isFrozen(summary)).toBe(true);
    expect(Object.isFrozen(summary?.categories)).toBe(true);
  });

  it('skips tombstones when building', () => {
    const gone = makeIncident({ title: 'Удалено' });
    const index = IncidentIndex.build([loaded({ ...gone, deleted: true })], []);
    expect(index.size).toBe(0);
  });
});

describe('IncidentIndex text search', () => {
  const index = build();

  it('finds a victim written in Cyrillic by a Latin spelling, and the other way round', () => {
    expect(ids(index, { text: 'Japarov' })).toEqual([march25.id]);
    expect(ids(index, { text: 'Zhaparov' })).toEqual([march25.id]);
    expect(ids(index, { text: 'жапаров' })).toEqual([march25.id]);
    expect(ids(index, { text: 'Азаттык' })).toEqual([lawsuits.id]);
    expect(ids(index, { text: 'azattyk' })).toEqual([lawsuits.id]);
    expect(ids(index, { text: 'Заноза' })).toEqual([lawsuits.id]);
  });

  it('matches part of a word as the user types', () => {
    expect(ids(index, { text: 'мар' })).toEqual([march18.id]);
    expect(ids(index, { text: 'Zhap' })).toEqual([march25.id]);
  });

  it('requires every term (AND), in any order', () => {
    expect(ids(index, { text: 'свободы марш' })).toEqual([march18.id]);
    expect(ids(index, { text: 'марш Japarov' })).toEqual([]);
  });

  it('searches summary, place, settlement, notes, perpetrator descriptions and group descriptions', () => {
    expect(ids(index, { text: 'Би-би-си' })).toEqual([march18.id]);
    expect(ids(index, { text: 'Pobedy' })).toEqual([march18.id]);
    expect(ids(index, { text: 'Karakol' })).toEqual([karakol.id]);
    expect(ids(index, { text: 'наблюдателя' })).toEqual([undated.id]);
    expect(ids(index, { text: 'патрульная' })).toEqual([march18.id]);
    expect(ids(index, { text: 'молодые' })).toEqual([march18.id]);
  });

  it('searches case numbers, linked courts and source references', () => {
    expect(ids(index, { text: 'АД-17/0312' })).toEqual([assemblyBan.id]);
    expect(ids(index, { text: '0312' })).toEqual([assemblyBan.id]);
    expect(ids(index, { text: 'Ленинский районный' })).toEqual([assemblyBan.id]);
    expect(ids(index, { text: '24.kg 46012' })).toEqual([march25.id]);
  });

  it('does not match region ids or labels as text (regions are a filter)', () => {
    expect(ids(index, { text: 'karakol_city' })).toEqual([]);
    expect(ids(index, { text: 'Чуйская' })).toEqual([]);
  });

  it('does not let a term span two fields', () => {
    const split = makeIncident({ title: 'Пикет', summary: 'учителей' });
    const two = IncidentIndex.build([loaded(split)], []);
    expect(ids(two, { text: 'пикет учителей' })).toEqual([split.id]);
    expect(ids(two, { text: 'пикетучителей' })).toEqual([]);
  });

  it('treats a query of only punctuation as no text filter', () => {
    expect(ids(index, { text: ' — , ' })).toHaveLength(7);
  });

  it('finds a damaged record by its raw values, not by key names', () => {
    expect(ids(index, { text: 'Белого дома' })).toEqual([brokenId]);
    expect(ids(index, { text: 'Текебаев' })).toEqual([brokenId]);
    expect(ids(index, { text: 'victims' })).toEqual([]);
  });
});

describe('IncidentIndex filters', () => {
  const index = build();

  it('filters by category, any selected one matching', () => {
    expect(ids(index, { categories: ['expression'] })).toEqual([march18.id, lawsuits.id]);
    expect(ids(index, { categories: ['association'] })).toEqual([]);
    expect(ids(index, { categories: ['association', 'expression'] })).toEqual([
      march18.id,
      lawsuits.id,
    ]);
  });

  it('filters by violation type', () => {
    expect(ids(index, { violations: ['detention'] })).toEqual([march25.id, march18.id]);
    expect(ids(index, { violations: ['assembly_ban', 'defamation_lawsuit'] })).toEqual([
      assemblyBan.id,
      lawsuits.id,
    ]);
  });

  it('filters by status', () => {
    expect(ids(index, { statuses: ['verified'] })).toEqual([march25.id]);
    expect(ids(index, { statuses: ['draft'] })).toEqual([lawsuits.id, karakol.id, undated.id]);
  });

  it('filters by region, an oblast matching its cities', () => {
    expect(ids(index, { regions: ['karakol'] })).toEqual([karakol.id]);
    expect(ids(index, { regions: ['issyk_kul_oblast'] })).toEqual([karakol.id]);
    expect(ids(index, { regions: ['chuy_oblast'] })).toEqual([]);
    expect(ids(index, { regions: ['bishkek', 'issyk_kul_oblast'] })).toEqual([
      march25.id,
      assemblyBan.id,
      march18.id,
      karakol.id,
    ]);
  });

  it('filters by date: a day inside the filter', () => {
    expect(ids(index, { dateFrom: '2017-03-18', dateTo: '2017-03-18' })).toEqual([
      march18.id,
      lawsuits.id,
    ]);
  });

  it('filters by date: a range overlapping the filter counts even if it starts before it', () => {
    expect(ids(index, { dateFrom: '2017-04-01', dateTo: '2017-04-30' })).toEqual([assemblyBan.id]);
  });

  it('filters by date: a month-precision date covers the whole month', () => {
    expect(ids(index, { dateFrom: '2017-03-31', dateTo: '' })).toEqual([
      assemblyBan.id,
      lawsuits.id,
    ]);
    expect(ids(index, { dateFrom: '', dateTo: '2017-03-01' })).toEqual([lawsuits.id, karakol.id]);
  });

  it('leaves out undated and damaged records once any structured filter is set', () => {
    expect(ids(index, { dateFrom: '1990-01-01' })).not.toContain(undated.id);
    expect(ids(index, { dateFrom: '1990-01-01' })).not.toContain(brokenId);
    expect(ids(index, { statuses: ['draft', 'complete', 'verified'] })).not.toContain(brokenId);
  });

  it('combines different filters and text with AND', () => {
    expect(
      ids(index, { categories: ['assembly'], violations: ['detention'], statuses: ['complete'] }),
    ).toEqual([march18.id]);
    expect(ids(index, { text: 'марш', statuses: ['verified'] })).toEqual([]);
    expect(
      ids(index, {
        text: 'Japarov',
        regions: ['bishkek'],
        dateFrom: '2017-03-01',
        dateTo: '2017-03-31',
      }),
    ).toEqual([march25.id]);
  });
});

describe('IncidentIndex updates', () => {
  it('re-sorts and re-indexes an edited incident', () => {
    const index = build();
    const edited: Incident = {
      ...karakol,
      rev: 2,
      title: 'Пикет учителей и родителей',
      date: { precision: 'day', start: '2018-01-10', end: '' },
    };
    index.upsertIncident(loaded(edited));
    expect(index.size).toBe(7);
    expect(ids(index, {})[0]).toBe(karakol.id);
    expect(ids(index, { text: 'родителей' })).toEqual([karakol.id]);
    expect(index.get(karakol.id)?.title).toBe('Пикет учителей и родителей');
  });

  it('adds a new incident in its place in the order', () => {
    const index = build();
    const added = makeIncident({
      title: 'Новое',
      date: { precision: 'day', start: '2017-03-19', end: '' },
    });
    index.upsertIncident(loaded(added));
    expect(ids(index, {}).slice(0, 4)).toEqual([march25.id, assemblyBan.id, added.id, march18.id]);
  });

  it('removes an incident, and treats an upserted tombstone as removal', () => {
    const index = build();
    index.removeIncident(march18.id);
    index.upsertIncident(loaded({ ...march25, rev: 2, deleted: true }));
    expect(index.size).toBe(5);
    expect(index.get(march18.id)).toBeUndefined();
    expect(ids(index, { text: 'Japarov' })).toEqual([]);
    index.removeIncident('no-such-id');
    expect(index.size).toBe(5);
  });

  it('replaces a record that became damaged', () => {
    const index = build();
    index.upsertIncident(
      damaged(march18.id, { title: 'Марш (повреждён)' }, '2024-09-09T00:00:00.000Z'),
    );
    expect(index.get(march18.id)?.ok).toBe(false);
    expect(ids(index, { categories: ['expression'] })).toEqual([lawsuits.id]);
    expect(ids(index, { text: 'поврежд' })).toEqual([march18.id]);
  });

  it('re-derives the text of incidents linking an actor when the actor is renamed', () => {
    const index = build();
    expect(ids(index, { text: 'Kloop' })).toEqual([]);
    index.upsertActor(
      loaded({ ...zanoza, rev: 2, nameVariants: [...zanoza.nameVariants, 'Kloop'] }),
    );
    expect(ids(index, { text: 'Kloop' })).toEqual([lawsuits.id]);
    expect(ids(index, { text: 'Клооп' })).toEqual([lawsuits.id]);
  });

  it('forgets an actor’s names when the actor is removed or deleted', () => {
    const index = build();
    index.removeActor(azattyk.id);
    expect(ids(index, { text: 'Azattyk' })).toEqual([]);
    index.upsertActor(loaded({ ...japarov, rev: 2, deleted: true }));
    expect(ids(index, { text: 'Japarov' })).toEqual([]);
    expect(ids(index, { text: 'Заноза' })).toEqual([lawsuits.id]);
  });

  it('picks up an actor that arrives after the incident linking it', () => {
    const index = IncidentIndex.build([loaded(march25)], []);
    expect(ids(index, { text: 'Japarov' })).toEqual([]);
    index.upsertActor(loaded(japarov));
    expect(ids(index, { text: 'Japarov' })).toEqual([march25.id]);
  });

  it('stops following an actor once the incident no longer links it', () => {
    const index = build();
    index.upsertIncident(
      loaded({
        ...lawsuits,
        rev: 2,
        victims: [{ actorId: azattyk.id, role: 'media_outlet', note: '' }],
      }),
    );
    expect(ids(index, { text: 'Zanoza' })).toEqual([]);
    index.upsertActor(loaded({ ...zanoza, rev: 2, name: 'Заноза (новое имя)' }));
    expect(ids(index, { text: 'Заноза' })).toEqual([]);
    expect(ids(index, { text: 'Azattyk' })).toEqual([lawsuits.id]);
  });

  it('uses the names a damaged actor record still holds', () => {
    const index = build();
    index.upsertActor({
      ok: false,
      id: japarov.id,
      rev: 9,
      updatedAt: '2024-01-01T00:00:00.000Z',
      raw: { name: 'Садыр Жапаров' },
      problems: ['kind: Required'],
    });
    expect(ids(index, { text: 'Japarov' })).toEqual([march25.id]);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyActorBody } from '../../domain/actor';
import { emptyIncidentBody } from '../../domain/incident';
import {
  FIELD_ORDER,
  conflictFieldRows,
  displayLines,
  fieldLabelKey,
  mergeBodies,
} from './conflict-fields';

/** Shows which key was asked for, so a wrong namespace or vocabulary fails the test. */
const t = (key: string) => `«${key}»`;

const incident = (overrides: Record<string, unknown> = {}) => ({
  ...emptyIncidentBody(),
  title: 'Марш',
  ...overrides,
});

describe('fieldLabelKey', () => {
  it.each([
    ['incidents', 'title', 'editor:fields.title'],
    ['incidents', 'date', 'editor:sections.date'],
    ['incidents', 'location', 'editor:sections.location'],
    ['incidents', 'sources', 'editor:fields.sources.legend'],
    ['actors', 'name', 'actors:fields.name'],
    ['evidence', 'caption', 'exchange:conflicts.evidenceFields.caption'],
  ] as const)('%s.%s → %s', (table, field, key) => {
    expect(fieldLabelKey(table, field)).toBe(key);
  });
});

describe('displayLines', () => {
  it('translates vocabulary values, single and listed', () => {
    expect(displayLines('categories', ['assembly', 'expression'], t)).toEqual([
      '«vocab:category.assembly»',
      '«vocab:category.expression»',
    ]);
    expect(displayLines('status', 'verified', t)).toEqual(['«vocab:status.verified»']);
    expect(displayLines('kind', 'person', t)).toEqual(['«vocab:actorKind.person»']);
    expect(displayLines('defaultRole', null, t)).toEqual([]);
  });

  it('shows a date with its precision and a location by its parts', () => {
    expect(
      displayLines('date', { precision: 'range', start: '2017-03-18', end: '2017-03-20' }, t),
    ).toEqual(['«vocab:datePrecision.range»: 2017-03-18 – 2017-03-20']);
    expect(
      displayLines(
        'location',
        {
          region: 'bishkek',
          settlement: '',
          place: 'Парк Победы',
          coordinates: { lat: 42.8, lon: 74.6 },
        },
        t,
      ),
    ).toEqual(['«vocab:region.bishkek»', 'Парк Победы', '42.8, 74.6']);
  });

  it('shows list items on a line each, vocabulary inside translated, record ids left out', () => {
    expect(
      displayLines(
        'groups',
        [{ outcome: 'detained', count: 105, qualifier: 'at_least', description: '' }],
        t,
      ),
    ).toEqual(['«vocab:groupOutcome.detained» · 105 · «vocab:countQualifier.at_least»']);
    expect(
      displayLines(
        'victims',
        [{ actorId: '01890a5d-ac96-7000-8000-000000000001', role: 'journalist', note: 'BBC' }],
        t,
      ),
    ).toEqual(['«vocab:victimRole.journalist» · BBC']);
    expect(
      displayLines(
        'proceedings',
        [
          {
            court: 'Первомайский суд',
            caseNumber: '',
            charges: '',
            sentence: '',
            money: { amount: 3000, currency: 'KGS' },
            date: '',
            note: '',
          },
        ],
        t,
      ),
    ).toEqual(['Первомайский суд · 3000 «vocab:currency.KGS»']);
  });

  it('shows plain text as it is and nothing for an empty value', () => {
    expect(displayLines('summary', 'Задержаны 105 человек', t)).toEqual(['Задержаны 105 человек']);
    expect(displayLines('summary', '', t)).toEqual([]);
    expect(displayLines('size', 1024, t)).toEqual(['1024']);
  });
});

describe('conflictFieldRows', () => {
  it('has a row per schema field, in schema order, marking only the differing ones', () => {
    const rows = conflictFieldRows(
      'incidents',
      incident({ summary: 'Моё' }),
      incident({ summary: 'Их', status: 'verified' }),
      t,
    );
    expect(rows.map((row) => row.field)).toEqual(FIELD_ORDER.incidents);
    expect(rows.filter((row) => row.differs).map((row) => row.field)).toEqual([
      'summary',
      'status',
    ]);
    expect(rows.find((row) => row.field === 'summary')).toMatchObject({
      label: '«editor:fields.summary»',
      local: ['Моё'],
      incoming: ['Их'],
    });
  });

  it('treats key order inside values as no difference', () => {
    const location = { region: 'bishkek', settlement: '', place: '', coordinates: null };
    const reordered = { coordinates: null, place: '', settlement: '', region: 'bishkek' };
    const rows = conflictFieldRows(
      'incidents',
      incident({ location }),
      incident({ location: reordered }),
      t,
    );
    expect(rows.some((row) => row.differs)).toBe(false);
  });

  it('marks every field as differing against a deleted record', () => {
    const rows = conflictFieldRows('actors', { ...emptyActorBody(), name: 'Азаттык' }, null, t);
    expect(rows.every((row) => row.differs)).toBe(true);
    expect(rows.every((row) => row.incoming.length === 0)).toBe(true);
  });
});

describe('mergeBodies', () => {
  it('takes each picked field from its side and the rest from mine', () => {
    const mine = incident({ title: 'Моё', summary: 'Моё описание' });
    const theirs = incident({ title: 'Их', summary: 'Их описание', status: 'verified' });
    expect(
      mergeBodies('incidents', mine, theirs, { summary: 'incoming', status: 'incoming' }),
    ).toEqual({
      ...mine,
      summary: 'Их описание',
      status: 'verified',
    });
  });

  it('leaves out fields outside the schema', () => {
    const mine = { ...incident(), smuggled: 'x' };
    expect(mergeBodies('incidents', mine, incident(), {})).not.toHaveProperty('smuggled');
  });

  it('gives nothing when one side is a deleted record', () => {
    expect(mergeBodies('incidents', incident(), null, { title: 'incoming' })).toBeUndefined();
    expect(mergeBodies('incidents', null, incident(), {})).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { emptyIncidentBody, eventDateSchema, incidentBodySchema, incidentSchema } from './incident';

const MP_ID = '0190a5b2-7c3d-7e4f-8a1b-000000000001';
const BBC_JOURNALIST_ID = '0190a5b2-7c3d-7e4f-8a1b-000000000002';

/** The 18 March 2017 march for freedom of speech in Bishkek, as the seed report describes it. */
function march18Body() {
  return {
    title: 'Марш в поддержку свободы слова в Бишкеке',
    summary:
      'Участники шли по согласованному маршруту от парка Победы к центру города. Милиция задержала ' +
      'нескольких человек, сошедших с тротуара, среди них депутата и журналиста Би-би-си; обоих вскоре отпустили. ' +
      'Пятерых молодых оппозиционных активистов в тот же день суд приговорил к пяти суткам ареста.',
    categories: ['assembly', 'expression'],
    violations: [
      'detention',
      'administrative_arrest',
      'denial_of_counsel',
      'fair_trial_violation',
      'inhuman_detention_conditions',
    ],
    date: { precision: 'day', start: '2017-03-18', end: '' },
    location: {
      region: 'bishkek',
      settlement: 'Бишкек',
      place: 'от парка Победы к центру города',
      coordinates: null,
    },
    victims: [
      { actorId: MP_ID, role: 'mp', note: 'задержан и вскоре отпущен' },
      { actorId: BBC_JOURNALIST_ID, role: 'journalist', note: 'освещал марш' },
    ],
    groups: [
      { outcome: 'detained', count: 7, qualifier: 'at_least', description: 'участники марша' },
      {
        outcome: 'sentenced',
        count: 5,
        qualifier: 'exact',
        description: 'молодые оппозиционные активисты',
      },
    ],
    perpetrators: [
      { type: 'police', actorId: null, description: 'милиция Бишкека' },
      { type: 'court', actorId: null, description: '' },
    ],
    proceedings: [
      {
        court: 'районный суд г. Бишкек',
        caseNumber: '',
        charges:
          'самовольное перекрытие улицы, неповиновение сотрудникам милиции, мелкое хулиганство (КоАП)',
        sentence: '5 суток административного ареста',
        money: null,
        date: '2017-03-18',
        note: 'адвокатов не допустили в зал, решения не оглашены',
      },
    ],
    sources: [
      {
        type: 'ngo_report',
        reference: 'ПЦ «Кылым Шамы», мониторинг собрания',
        reliability: 'high',
        consent: 'not_needed',
        date: '2017-03',
      },
      {
        type: 'ngo_report',
        reference: 'CIVICUS Monitor / IPHR, 2017',
        reliability: 'high',
        consent: 'not_needed',
        date: '',
      },
    ],
    confidentiality: 'public',
    status: 'complete',
    evidenceIds: [],
    notes: '',
  };
}

const syncFields = {
  id: '0190a5b2-7c3d-7e4f-8a1b-0000000000aa',
  rev: 1,
  updatedAt: '2024-05-01T10:00:00.000Z',
  updatedBy: 'device-1',
  changeSeq: 1,
  deleted: false,
};

function issuesOf(value: unknown): string[] {
  const result = incidentBodySchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('incidentBodySchema', () => {
  it('accepts the 18 March 2017 Bishkek march from the seed report', () => {
    expect(issuesOf(march18Body())).toEqual([]);
    const stored = incidentSchema.parse({ ...syncFields, ...march18Body() });
    expect(stored.groups.find((g) => g.outcome === 'sentenced')?.count).toBe(5);
  });

  it('fills defaults for what a quick first save leaves out', () => {
    const body = incidentBodySchema.parse({
      title: 'Марш',
      date: { precision: 'day', start: '2017-03-18' },
      location: { region: 'bishkek' },
    });
    expect(body.status).toBe('draft');
    expect(body.confidentiality).toBe('restricted');
    expect(body.date.end).toBe('');
    expect(body.location.coordinates).toBeNull();
  });

  it('requires a title', () => {
    expect(issuesOf({ ...march18Body(), title: '' })).toEqual(['title: title.required']);
  });

  it.each([
    '2017-13-01',
    '2017-02-30',
    '2019-02-29',
    '2017-3-18',
    '18.03.2017',
    '2017-03-18T24:00',
    'march',
  ])('rejects the impossible or malformed date %s', (start) => {
    expect(issuesOf({ ...march18Body(), date: { precision: 'day', start, end: '' } })).toEqual([
      'date.start: date.invalid',
    ]);
  });

  it.each(['2017', '2017-03', '2017-03-18', '2017-03-18T14:30', '2016-02-29', ''])(
    'accepts the date %s',
    (start) => {
      expect(
        issuesOf({ ...march18Body(), date: { precision: 'approximate', start, end: '' } }),
      ).toEqual([]);
    },
  );

  it('rejects a range that ends before it starts', () => {
    const date = { precision: 'range', start: '2017-03-20', end: '2017-03-08' };
    expect(issuesOf({ ...march18Body(), date })).toEqual(['date.end: date.endBeforeStart']);
  });

  it('accepts a range whose coarser end still covers its start', () => {
    // The court's ban ran "from 20th March to 8th April"; an end of "2017-03" covers 20 March.
    expect(
      eventDateSchema.safeParse({ precision: 'range', start: '2017-03-20', end: '2017-04-08' })
        .success,
    ).toBe(true);
    expect(
      eventDateSchema.safeParse({ precision: 'range', start: '2017-03-20', end: '2017-03' })
        .success,
    ).toBe(true);
    expect(
      eventDateSchema.safeParse({ precision: 'range', start: '2017-03-20', end: '2017-02' })
        .success,
    ).toBe(false);
  });

  it('rejects negative and fractional counts', () => {
    const negative = { ...march18Body(), groups: [{ outcome: 'detained', count: -1 }] };
    const fractional = { ...march18Body(), groups: [{ outcome: 'detained', count: 10.5 }] };
    expect(issuesOf(negative)).toHaveLength(1);
    expect(issuesOf(negative)[0]).toMatch(/^groups\.0\.count/);
    expect(issuesOf(fractional)[0]).toMatch(/^groups\.0\.count/);
  });

  it('rejects a negative fine', () => {
    const body = march18Body();
    const proceeding = { ...body.proceedings[0], money: { amount: -100, currency: 'KGS' } };
    expect(issuesOf({ ...body, proceedings: [proceeding] })[0]).toMatch(
      /^proceedings\.0\.money\.amount/,
    );
  });

  it.each([
    ['categories', { categories: ['freedom'] }],
    ['violations', { violations: ['torture_light'] }],
    [
      'location.region',
      { location: { region: 'almaty', settlement: '', place: '', coordinates: null } },
    ],
    ['status', { status: 'published' }],
    ['confidentiality', { confidentiality: 'secret' }],
    ['victims.0.role', { victims: [{ actorId: MP_ID, role: 'senator', note: '' }] }],
    ['perpetrators.0.type', { perpetrators: [{ type: 'army', actorId: null, description: '' }] }],
    ['sources.0.type', { sources: [{ type: 'rumour', reference: '' }] }],
    ['groups.0.outcome', { groups: [{ outcome: 'vanished', count: 1 }] }],
  ])('rejects an unknown vocabulary id in %s', (path, patch) => {
    const issues = issuesOf({ ...march18Body(), ...patch });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.startsWith(path))).toBe(true);
  });

  it('rejects coordinates outside the globe and victim links that are not ids', () => {
    const body = march18Body();
    expect(
      issuesOf({ ...body, location: { ...body.location, coordinates: { lat: 95, lon: 74.6 } } })[0],
    ).toMatch(/^location\.coordinates\.lat/);
    expect(issuesOf({ ...body, victims: [{ actorId: 'MP', role: 'mp', note: '' }] })[0]).toMatch(
      /^victims\.0\.actorId/,
    );
  });

  it('starts the editor from a body that only lacks a title', () => {
    expect(issuesOf(emptyIncidentBody())).toEqual(['title: title.required']);
    expect(issuesOf({ ...emptyIncidentBody(), title: 'Новое' })).toEqual([]);
  });
});

describe('incidentSchema', () => {
  it('requires the sync fields', () => {
    expect(incidentSchema.safeParse(march18Body()).success).toBe(false);
    expect(incidentSchema.safeParse({ ...syncFields, rev: 0, ...march18Body() }).success).toBe(
      false,
    );
    expect(
      incidentSchema.safeParse({ ...syncFields, id: 'not-a-uuid', ...march18Body() }).success,
    ).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyIncidentBody, type IncidentBody } from '../../domain/incident';
import {
  emptyGroupRow,
  emptyIncidentForm,
  emptyProceedingRow,
  formToCandidate,
  incidentToForm,
  parseIncidentDraftForm,
  validateIncidentForm,
  type IncidentForm,
} from './incident-form';
import { parseNumberText } from './number-text';

const victimId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

function march2017(): IncidentBody {
  return {
    ...emptyIncidentBody(),
    title: 'March in Bishkek: detentions',
    categories: ['assembly'],
    violations: ['detention', 'administrative_arrest'],
    date: { precision: 'exact', start: '2017-03-18T11:00', end: '' },
    location: {
      region: 'bishkek',
      settlement: 'Bishkek',
      place: 'Ala-Too Square',
      coordinates: { lat: 42.8746, lon: 74.6122 },
    },
    victims: [{ actorId: victimId, role: 'mp', note: 'detained for several hours' }],
    groups: [{ outcome: 'detained', count: 105, qualifier: 'at_least', description: '' }],
    proceedings: [
      {
        court: 'Pervomaisky district court',
        caseNumber: '',
        charges: 'Code of Administrative Liability',
        sentence: '5 days of administrative arrest',
        money: { amount: 3000, currency: 'KGS' },
        date: '2017-03-19',
        note: '',
      },
    ],
    sources: [
      {
        type: 'media',
        reference: 'https://example.org/news',
        reliability: 'high',
        consent: 'not_needed',
        date: '2017-03-18',
      },
    ],
    status: 'complete',
  };
}

function withForm(change: (form: IncidentForm) => void): IncidentForm {
  const form = incidentToForm(march2017());
  change(form);
  return form;
}

describe('incident form <-> body', () => {
  it('round-trips a full incident through the form unchanged', () => {
    const result = validateIncidentForm(incidentToForm(march2017()));
    expect(result).toEqual({ ok: true, body: march2017() });
  });

  it('splits an exact date into day and time for editing', () => {
    const form = incidentToForm(march2017());
    expect(form.date).toEqual({ precision: 'exact', start: '2017-03-18', time: '11:00', end: '' });
  });

  it('keeps numbers as the text typed, and reads a decimal comma', () => {
    const form = withForm((draft) => {
      draft.location.lat = '42,87';
      draft.location.lon = '74.61';
      draft.groups[0]!.count = '1 050';
    });
    const result = validateIncidentForm(form);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body.location.coordinates).toEqual({ lat: 42.87, lon: 74.61 });
    expect(result.body.groups[0]!.count).toBe(1050);
  });

  it('reports invalid numbers on their field without touching the typed text', () => {
    const form = withForm((draft) => {
      draft.groups[0]!.count = 'about 100';
      draft.location.lat = '142';
    });
    const result = validateIncidentForm(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'location.lat', message: { key: 'errors.tooLarge', values: { max: 90 } } },
      { field: 'groups.0.count', message: { key: 'errors.notANumber' } },
    ]);
    expect(form.groups[0]!.count).toBe('about 100');
  });

  it('maps a missing title, unchosen choices and a bad fine to their fields', () => {
    const form = emptyIncidentForm();
    form.groups.push({ ...emptyGroupRow(), count: '3' });
    form.proceedings.push({ ...emptyProceedingRow(), amount: '5000 som' });
    const result = validateIncidentForm(form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byField = Object.fromEntries(result.errors.map((error) => [error.field, error.message]));
    expect(byField).toEqual({
      title: { key: 'errors.title.required' },
      'groups.0.outcome': { key: 'errors.chooseValue' },
      'proceedings.0.amount': { key: 'errors.notANumber' },
    });
  });

  it('leaves out an empty fine and empty coordinates', () => {
    const form = withForm((draft) => {
      draft.proceedings[0]!.amount = '  ';
      draft.location.lat = '';
      draft.location.lon = '';
    });
    const result = validateIncidentForm(form);
    expect(result.ok && result.body.proceedings[0]!.money).toBeNull();
    expect(result.ok && result.body.location.coordinates).toBeNull();
  });

  it('stores an end date only for a range, and checks its order', () => {
    const notRange = withForm((draft) => {
      draft.date = { precision: 'day', start: '2017-03-18', time: '', end: '2017-03-20' };
    });
    expect(formToCandidate(notRange)).toMatchObject({
      date: { precision: 'day', start: '2017-03-18', end: '' },
    });
    const backwards = withForm((draft) => {
      draft.date = { precision: 'range', start: '2017-03-18', time: '', end: '2017-03-01' };
    });
    const result = validateIncidentForm(backwards);
    expect(!result.ok && result.errors).toEqual([
      { field: 'date.end', message: { key: 'errors.date.endBeforeStart' } },
    ]);
  });

  it('flags a malformed date on the date field', () => {
    const form = withForm((draft) => {
      draft.date = { precision: 'year', start: '17', time: '', end: '' };
    });
    const result = validateIncidentForm(form);
    expect(!result.ok && result.errors).toEqual([
      { field: 'date.start', message: { key: 'errors.date.invalid' } },
    ]);
  });

  it('restores a stored draft form and rejects a foreign shape', () => {
    const form = withForm((draft) => {
      draft.groups[0]!.count = 'many';
    });
    const stored: unknown = JSON.parse(JSON.stringify(form));
    expect(parseIncidentDraftForm(stored)).toEqual(form);
    expect(parseIncidentDraftForm({ title: 3 })).toBeNull();
    expect(parseIncidentDraftForm(null)).toBeNull();
  });
});

describe('parseNumberText', () => {
  it('parses plain, comma and spaced numbers and keeps anything else as text', () => {
    expect(parseNumberText('105')).toBe(105);
    expect(parseNumberText('42,5')).toBe(42.5);
    expect(parseNumberText('10\u00a0000')).toBe(10000);
    expect(parseNumberText('-74.1')).toBe(-74.1);
    expect(parseNumberText('')).toBeUndefined();
    expect(parseNumberText('  ')).toBeUndefined();
    expect(parseNumberText('105 people')).toBe('105 people');
    expect(parseNumberText('1.2.3')).toBe('1.2.3');
  });
});

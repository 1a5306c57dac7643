import { describe, expect, it } from 'vitest';
import { fieldLabelKeys } from './field-label';

describe('fieldLabelKeys', () => {
  it('names a top-level and a nested field', () => {
    expect(fieldLabelKeys('title')).toEqual({ key: 'fields.title' });
    expect(fieldLabelKeys('date.start')).toEqual({ key: 'fields.date.start' });
    expect(fieldLabelKeys('location.lat')).toEqual({ key: 'fields.location.lat' });
  });

  it('names a field in a repeating row with its one-based row number', () => {
    expect(fieldLabelKeys('groups.0.count')).toEqual({
      row: { key: 'fields.groups.row', n: 1 },
      key: 'fields.groups.count',
    });
    expect(fieldLabelKeys('sources.4')).toEqual({
      row: { key: 'fields.sources.row', n: 5 },
      key: 'fields.sources.legend',
    });
  });

  it('names a whole repeating section', () => {
    expect(fieldLabelKeys('victims')).toEqual({ key: 'fields.victims.legend' });
  });
});

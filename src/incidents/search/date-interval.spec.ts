import { describe, expect, it } from 'vitest';
import type { EventDate } from '../../domain/incident';
import { eventDateInterval, partialDateBounds } from './date-interval';

const date = (precision: EventDate['precision'], start: string, end = ''): EventDate => ({
  precision,
  start,
  end,
});

describe('partialDateBounds', () => {
  it('covers a whole year, a whole month, or one day', () => {
    expect(partialDateBounds('2017')).toEqual({ from: '2017-01-01', to: '2017-12-31' });
    expect(partialDateBounds('2017-03')).toEqual({ from: '2017-03-01', to: '2017-03-31' });
    expect(partialDateBounds('2017-03-18T14:00')).toEqual({ from: '2017-03-18', to: '2017-03-18' });
  });

  it('knows the length of February', () => {
    expect(partialDateBounds('2017-02')?.to).toBe('2017-02-28');
    expect(partialDateBounds('2016-02')?.to).toBe('2016-02-29');
  });

  it('returns null for text that is not a date', () => {
    expect(partialDateBounds('soon')).toBeNull();
  });
});

describe('eventDateInterval', () => {
  it('spans a range from its start to its end', () => {
    expect(eventDateInterval(date('range', '2017-03-20', '2017-04-08'))).toEqual({
      from: '2017-03-20',
      to: '2017-04-08',
    });
  });

  it('falls back to the known side of a half-open range', () => {
    expect(eventDateInterval(date('range', '', '2017-04'))).toEqual({
      from: '2017-04-01',
      to: '2017-04-30',
    });
    expect(eventDateInterval(date('range', '2017-03-20', ''))).toEqual({
      from: '2017-03-20',
      to: '2017-03-20',
    });
  });

  it('ignores an end on a date that is not a range', () => {
    expect(eventDateInterval(date('day', '2017-03-18', '2017-03-30'))).toEqual({
      from: '2017-03-18',
      to: '2017-03-18',
    });
  });

  it('widens a month- or year-precision date to the whole unit even when a day was written', () => {
    expect(eventDateInterval(date('month', '2017-02-15'))).toEqual({
      from: '2017-02-01',
      to: '2017-02-28',
    });
    expect(eventDateInterval(date('year', '2016-05-01'))).toEqual({
      from: '2016-01-01',
      to: '2016-12-31',
    });
  });

  it('is null for an undated incident', () => {
    expect(eventDateInterval(date('day', ''))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { changePrecision, inputTypeFor } from './date-precision';

describe('changePrecision', () => {
  const exact = { precision: 'exact', start: '2017-03-18', time: '11:00', end: '' };

  it('narrows a day to its month or year', () => {
    expect(changePrecision(exact, 'month')).toEqual({
      precision: 'month',
      start: '2017-03',
      time: '',
      end: '',
    });
    expect(changePrecision(exact, 'year').start).toBe('2017');
  });

  it('keeps the time only for an exact date and the end only for a range', () => {
    expect(changePrecision(exact, 'day')).toEqual({ ...exact, precision: 'day', time: '' });
    const range = { precision: 'range', start: '2017-03-18', time: '', end: '2017-03-20' };
    expect(changePrecision(range, 'day').end).toBe('');
    expect(changePrecision(range, 'range').end).toBe('2017-03-20');
  });

  it('keeps a coarse value as typed when a finer precision is chosen', () => {
    expect(
      changePrecision({ precision: 'year', start: '2017', time: '', end: '' }, 'day').start,
    ).toBe('2017');
  });

  it('picks the input for each precision', () => {
    expect(inputTypeFor('month')).toBe('month');
    expect(inputTypeFor('year')).toBe('text');
    expect(inputTypeFor('range')).toBe('date');
  });
});

import { describe, expect, it } from 'vitest';
import { parseFilterDate } from './filter-date';

describe('parseFilterDate', () => {
  it('reads day-first dates as written in Kyrgyzstan', () => {
    expect(parseFilterDate('18.03.2017', 'start')).toBe('2017-03-18');
    expect(parseFilterDate('8.3.2017', 'end')).toBe('2017-03-08');
    expect(parseFilterDate('18/03/2017', 'start')).toBe('2017-03-18');
    expect(parseFilterDate(' 18 03 2017 ', 'start')).toBe('2017-03-18');
  });

  it('reads ISO dates', () => {
    expect(parseFilterDate('2017-03-18', 'start')).toBe('2017-03-18');
    expect(parseFilterDate('2017-3', 'start')).toBe('2017-03-01');
  });

  it('takes the first or last day of a month, depending on the field', () => {
    expect(parseFilterDate('03.2017', 'start')).toBe('2017-03-01');
    expect(parseFilterDate('03.2017', 'end')).toBe('2017-03-31');
    expect(parseFilterDate('2.2016', 'end')).toBe('2016-02-29');
    expect(parseFilterDate('2.2017', 'end')).toBe('2017-02-28');
  });

  it('takes the first or last day of a year', () => {
    expect(parseFilterDate('2017', 'start')).toBe('2017-01-01');
    expect(parseFilterDate('2017', 'end')).toBe('2017-12-31');
  });

  it('treats an empty field as no limit', () => {
    expect(parseFilterDate('', 'start')).toBe('');
    expect(parseFilterDate('   ', 'end')).toBe('');
  });

  it('rejects what is not a date', () => {
    for (const text of [
      'март',
      '17',
      '18.03.17',
      '31.04.2017',
      '13.2017',
      '0.2017',
      '2017-02-30',
      '1.2.3.2017',
      '18..',
      '12345',
    ]) {
      expect(parseFilterDate(text, 'start'), text).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { EventDate } from '../../domain/incident';
import { intlDateTextFormatter } from '../../i18n/date-text';
import { formatEventDate as formatWith, keepDatesTogether } from './format-event-date';

const formatEventDate = (eventDate: EventDate | null, language: string) =>
  formatWith(eventDate, intlDateTextFormatter(language));

function date(precision: EventDate['precision'], start: string, end = ''): EventDate {
  return { precision, start, end };
}

/** Intl puts narrow and non-breaking spaces in some languages; compare on plain spaces. */
function text(eventDate: EventDate, language: string): string | undefined {
  return formatEventDate(eventDate, language)?.text.replace(/[\u202f\u00a0\u2009]/g, ' ');
}

describe('formatEventDate', () => {
  it('formats a day in each UI language', () => {
    const day = date('day', '2017-03-18');
    expect(text(day, 'en')).toBe('March 18, 2017');
    expect(text(day, 'ru')).toBe('18 марта 2017 г.');
    expect(text(day, 'ky')).toMatch(/18-март/);
    expect(text(day, 'ky')).toMatch(/2017/);
  });

  it('shows only month and year for a month-precision date', () => {
    expect(text(date('month', '2017-03'), 'en')).toBe('March 2017');
    expect(text(date('month', '2017-03'), 'ru')).toBe('март 2017 г.');
    // Even if a day was stored, the precision says the day is not known.
    expect(text(date('month', '2017-03-18'), 'en')).toBe('March 2017');
    expect(text(date('month', '2017-03-18'), 'ky')).not.toMatch(/18/);
  });

  it('shows only the year for a year-precision date', () => {
    expect(text(date('year', '2017-03-18'), 'ru')).toBe('2017');
    expect(text(date('year', '2017'), 'en')).toBe('2017');
  });

  it('shows the time of an exact date, without shifting it by the time zone', () => {
    expect(text(date('exact', '2017-03-18T23:30'), 'ru')).toMatch(/^18 марта 2017 г\..*23:30$/);
    expect(text(date('exact', '2017-03-18T09:05'), 'en')).toMatch(/March 18, 2017.*09:05 AM/);
  });

  it('shows an exact date typed without a time as a day', () => {
    expect(text(date('exact', '2017-03-18'), 'en')).toBe('March 18, 2017');
  });

  it('marks an approximate date and keeps the detail that was typed', () => {
    const formatted = formatEventDate(date('approximate', '2017-03'), 'en');
    expect(formatted).toEqual({ text: 'March 2017', approximate: true, openEnded: false });
  });

  it('formats a range compactly', () => {
    expect(text(date('range', '2017-03-18', '2017-03-20'), 'ru')).toBe('18–20 марта 2017 г.');
    expect(text(date('range', '2017-03', '2017-05'), 'en')).toBe('March – May 2017');
    expect(text(date('range', '2017-03-18', '2017-05'), 'en')).toBe('March 18, 2017 – May 2017');
  });

  it('marks a range without an end as open-ended', () => {
    const formatted = formatEventDate(date('range', '2017-03-18'), 'en');
    expect(formatted).toEqual({ text: 'March 18, 2017', approximate: false, openEnded: true });
  });

  it('returns null for a missing or unreadable date instead of throwing', () => {
    expect(formatEventDate(null, 'en')).toBeNull();
    expect(formatEventDate(date('day', ''), 'en')).toBeNull();
    expect(formatEventDate(date('day', '18.03.2017'), 'en')).toBeNull();
    expect(formatEventDate(date('day', '2017-13-01'), 'en')).toBeNull();
    expect(formatEventDate(date('day', '2017-02-30'), 'en')).toBeNull();
  });
});

describe('keepDatesTogether', () => {
  it('joins the words of each date but lets a range break at its dash', () => {
    expect(keepDatesTogether('18 марта 2017 г.')).toBe('18\u00a0марта\u00a02017\u00a0г.');
    expect(keepDatesTogether('2017-ж., 18-март – 20-апрель')).toBe(
      '2017-ж.,\u00a018-март – 20-апрель',
    );
  });
});

import type { LocaleSupport } from './intl-support';
import { runtimeHasDateData } from './intl-support';

/** How much of a date is known and shown. */
export type Granularity = 'year' | 'month' | 'day' | 'minute';

/** Turns instants (read as UTC) into text at a given granularity. */
export interface DateTextFormatter {
  format(date: Date, granularity: Granularity): string;
  /** Both ends of a range at one granularity, sharing what they have in common where possible. */
  formatRange(start: Date, end: Date, granularity: Granularity): string;
  /** Two already formatted ends of a range whose granularities differ. */
  joinRange(start: string, end: string): string;
}

const INTL_OPTIONS: Record<Granularity, Intl.DateTimeFormatOptions> = {
  year: { year: 'numeric' },
  month: { year: 'numeric', month: 'long' },
  day: { year: 'numeric', month: 'long', day: 'numeric' },
  minute: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' },
};

/** Dates written by the runtime's Intl data (UTC, so the stored wall time is shown as typed). */
export function intlDateTextFormatter(language: string): DateTextFormatter {
  const formatters = new Map<Granularity, Intl.DateTimeFormat>();
  const formatter = (granularity: Granularity) => {
    let found = formatters.get(granularity);
    if (!found) {
      found = new Intl.DateTimeFormat(language, { ...INTL_OPTIONS[granularity], timeZone: 'UTC' });
      formatters.set(granularity, found);
    }
    return found;
  };
  return {
    format: (date, granularity) => formatter(granularity).format(date),
    formatRange: (start, end, granularity) => formatter(granularity).formatRange(start, end),
    joinRange: (start, end) => `${start} – ${end}`,
  };
}

/** The locale-file keys (namespace `common`) that describe dates for a language without Intl data. */
export type CalendarKey =
  | 'calendar.pattern.year'
  | 'calendar.pattern.month'
  | 'calendar.pattern.day'
  | 'calendar.pattern.minute'
  | 'calendar.pattern.range'
  | 'calendar.pattern.rangeSameYear'
  | 'calendar.pattern.dayWithoutYear'
  | 'calendar.pattern.monthWithoutYear'
  | `calendar.month.${number}`
  | `calendar.monthWithDay.${number}`;

export type CalendarText = (key: CalendarKey, values?: Record<string, string>) => string;

const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * Dates written from patterns and month names in the locale files, for a UI
 * language the runtime has no date data for (Kyrgyz in Chromium).
 */
export function patternDateTextFormatter(text: CalendarText): DateTextFormatter {
  const format = (date: Date, granularity: Granularity): string => {
    const month = date.getUTCMonth() + 1;
    const values = {
      year: String(date.getUTCFullYear()),
      day: String(date.getUTCDate()),
      time: `${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}`,
    };
    switch (granularity) {
      case 'year':
        return text('calendar.pattern.year', values);
      case 'month':
        return text('calendar.pattern.month', {
          ...values,
          month: text(`calendar.month.${month}`),
        });
      case 'day':
      case 'minute':
        return text(`calendar.pattern.${granularity}`, {
          ...values,
          month: text(`calendar.monthWithDay.${month}`),
        });
    }
  };
  /** A day or month without its year, for the two ends of a range within one year. */
  const withoutYear = (date: Date, granularity: 'day' | 'month'): string => {
    const month = date.getUTCMonth() + 1;
    return granularity === 'day'
      ? text('calendar.pattern.dayWithoutYear', {
          day: String(date.getUTCDate()),
          month: text(`calendar.monthWithDay.${month}`),
        })
      : text('calendar.pattern.monthWithoutYear', { month: text(`calendar.month.${month}`) });
  };
  return {
    format,
    formatRange: (start, end, granularity) => {
      if (
        (granularity === 'day' || granularity === 'month') &&
        start.getUTCFullYear() === end.getUTCFullYear()
      ) {
        // Say the year once: "2017-ж., 18-март – 20-апрель".
        return text('calendar.pattern.rangeSameYear', {
          year: String(start.getUTCFullYear()),
          start: withoutYear(start, granularity),
          end: withoutYear(end, granularity),
        });
      }
      return text('calendar.pattern.range', {
        start: format(start, granularity),
        end: format(end, granularity),
      });
    },
    joinRange: (start, end) => text('calendar.pattern.range', { start, end }),
  };
}

/** Intl where the runtime has the language's data, the locale files' patterns where it does not. */
export function dateTextFormatter(
  language: string,
  text: CalendarText,
  supported: LocaleSupport = runtimeHasDateData,
): DateTextFormatter {
  return supported(language) ? intlDateTextFormatter(language) : patternDateTextFormatter(text);
}

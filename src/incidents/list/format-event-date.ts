import type { EventDate } from '../../domain/incident';
import type { DateTextFormatter, Granularity } from '../../i18n/date-text';

const GRANULARITY_ORDER: readonly Granularity[] = ['year', 'month', 'day', 'minute'];

const PARTIAL_ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?$/;

interface ParsedDate {
  /** The instant, read as UTC so formatting (also in UTC) shows exactly what was typed. */
  date: Date;
  granularity: Granularity;
}

function parsePartialIso(value: string): ParsedDate | null {
  const match = PARTIAL_ISO.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute] = match;
  const date = new Date(
    Date.UTC(
      Number(year),
      month ? Number(month) - 1 : 0,
      day ? Number(day) : 1,
      hour ? Number(hour) : 0,
      minute ? Number(minute) : 0,
    ),
  );
  // Date.UTC rolls 2017-13-01 over into 2018: reject values that do not come back as typed.
  if (
    Number.isNaN(date.getTime()) ||
    (month && date.getUTCMonth() !== Number(month) - 1) ||
    (day && date.getUTCDate() !== Number(day)) ||
    (hour && date.getUTCHours() !== Number(hour)) ||
    (minute && date.getUTCMinutes() !== Number(minute))
  ) {
    return null;
  }
  const granularity: Granularity = hour ? 'minute' : day ? 'day' : month ? 'month' : 'year';
  return { date, granularity };
}

/** The finest detail the precision allows: a month-precision date never shows a day. */
const PRECISION_LIMIT: Record<EventDate['precision'], Granularity> = {
  exact: 'minute',
  day: 'day',
  month: 'month',
  year: 'year',
  approximate: 'minute',
  range: 'minute',
};

function coarser(a: Granularity, b: Granularity): Granularity {
  return GRANULARITY_ORDER.indexOf(a) <= GRANULARITY_ORDER.indexOf(b) ? a : b;
}

export interface FormattedEventDate {
  /** The date (or both ends of a range) in the UI language. */
  text: string;
  /** The monitor marked the date as approximate: the UI says so. */
  approximate: boolean;
  /** A range whose end is not known yet: the UI says it is ongoing. */
  openEnded: boolean;
}

/**
 * Formats an incident's date showing no more detail than its precision:
 * "March 2017" for a month, "18–20 March 2017" for a range. Returns null
 * when there is no date, or when it cannot be read (damaged data).
 */
export function formatEventDate(
  eventDate: EventDate | null | undefined,
  formatter: DateTextFormatter,
): FormattedEventDate | null {
  if (!eventDate || !eventDate.start) return null;
  const start = parsePartialIso(eventDate.start);
  if (!start) return null;
  const limit = PRECISION_LIMIT[eventDate.precision] ?? 'day';
  const startGranularity = coarser(start.granularity, limit);
  const approximate = eventDate.precision === 'approximate';

  if (eventDate.precision !== 'range') {
    return { text: formatter.format(start.date, startGranularity), approximate, openEnded: false };
  }

  const end = eventDate.end ? parsePartialIso(eventDate.end) : null;
  if (!end) {
    const text = formatter.format(start.date, startGranularity);
    return { text, approximate: false, openEnded: true };
  }
  const endGranularity = coarser(end.granularity, limit);
  const text =
    startGranularity === endGranularity && start.date <= end.date
      ? formatter.formatRange(start.date, end.date, startGranularity)
      : formatter.joinRange(
          formatter.format(start.date, startGranularity),
          formatter.format(end.date, endGranularity),
        );
  return { text, approximate: false, openEnded: false };
}

/**
 * Keeps each date of a table cell on one line ("2017 г." never splits from
 * its year) while a range may still wrap at its dash.
 */
export function keepDatesTogether(text: string): string {
  return text
    .split(' – ')
    .map((part) => part.replace(/ /g, '\u00a0'))
    .join(' – ');
}

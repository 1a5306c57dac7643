import type { EventDate } from '../../domain/incident';

/** Inclusive day interval as 'YYYY-MM-DD' strings, which compare correctly as strings. */
export interface DayInterval {
  from: string;
  to: string;
}

const PARTIAL_ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first and last day a partial ISO date ('2017', '2017-03', '2017-03-18', '2017-03-18T14:00') covers. */
export function partialDateBounds(value: string): DayInterval | null {
  const match = PARTIAL_ISO.exec(value);
  if (!match) return null;
  const [, year, month, day] = match as unknown as [string, string, string?, string?];
  if (day && month) return { from: `${year}-${month}-${day}`, to: `${year}-${month}-${day}` };
  if (month) {
    const last = String(daysInMonth(Number(year), Number(month))).padStart(2, '0');
    return { from: `${year}-${month}-01`, to: `${year}-${month}-${last}` };
  }
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The days an incident's date covers: a month-precision date the whole month,
 * a year the whole year, a range from its start to its end (either side may be
 * missing, then the range is just the side that is known). An approximate date
 * covers the unit it was written in. Null when there is no date at all.
 */
export function eventDateInterval(date: EventDate): DayInterval | null {
  // A month- or year-precision date written with a day still covers the whole unit.
  const written =
    date.precision === 'year'
      ? date.start.slice(0, 4)
      : date.precision === 'month'
        ? date.start.slice(0, 7)
        : date.start;
  const start = written ? partialDateBounds(written) : null;
  const end = date.precision === 'range' && date.end ? partialDateBounds(date.end) : null;
  if (start && end) return { from: start.from, to: end.to < start.from ? start.to : end.to };
  return start ?? end;
}

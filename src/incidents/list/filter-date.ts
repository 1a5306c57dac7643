/**
 * Dates typed into the list's date filters. Monitors think in periods
 * ("March 2017", "2016"), so a year or a month is enough: the "from" field
 * takes its first day, the "to" field its last. Accepts day-first dates as
 * written in Kyrgyzstan (18.03.2017) and ISO dates (2017-03-18), with any of
 * . / - or space between the parts. Plain text fields, not <input type=date>,
 * whose format follows the browser's locale (mm/dd/yyyy in an English
 * Chromium), not the UI language.
 */
export type FilterEdge = 'start' | 'end';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' for what was typed, '' when nothing was, null when it is not a date. */
export function parseFilterDate(text: string, edge: FilterEdge): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  if (!/^\d+([./\-\s]+\d+){0,2}$/.test(trimmed)) return null;
  const parts = trimmed.split(/[./\-\s]+/);
  const isoOrder = (parts[0] ?? '').length === 4;
  const [yearText, monthText, dayText] = isoOrder
    ? [parts[0], parts[1], parts[2]]
    : [
        parts[parts.length - 1],
        parts.length >= 2 ? parts[parts.length - 2] : undefined,
        parts.length === 3 ? parts[0] : undefined,
      ];

  if (!yearText || yearText.length !== 4) return null;
  const year = Number(yearText);
  if (year < 1900 || year > 2200) return null;
  if (monthText === undefined) return edge === 'start' ? `${year}-01-01` : `${year}-12-31`;

  const month = Number(monthText);
  if (monthText.length > 2 || month < 1 || month > 12) return null;
  const lastDay = daysInMonth(year, month);
  if (dayText === undefined) {
    return `${year}-${pad(month)}-${pad(edge === 'start' ? 1 : lastDay)}`;
  }

  const day = Number(dayText);
  if (dayText.length > 2 || day < 1 || day > lastDay) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

import type { IncidentForm } from './incident-form';

type FormDate = IncidentForm['date'];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/**
 * Carries a date over when the user changes its precision: a day becomes its
 * month or year, and a coarser value that cannot fill a finer input is kept
 * as typed (the field then says what is missing) rather than dropped.
 */
export function changePrecision(date: FormDate, precision: string): FormDate {
  const start = date.start.trim();
  let nextStart = start;
  if (precision === 'month' && DAY.test(start)) nextStart = start.slice(0, 7);
  if (precision === 'year' && (DAY.test(start) || MONTH.test(start))) nextStart = start.slice(0, 4);
  return {
    precision,
    start: nextStart,
    time: precision === 'exact' ? date.time : '',
    end: precision === 'range' ? date.end : '',
  };
}

/** The input type that edits a date of this precision. */
export function inputTypeFor(precision: string): 'date' | 'month' | 'text' {
  if (precision === 'month') return 'month';
  if (precision === 'year') return 'text';
  return 'date';
}

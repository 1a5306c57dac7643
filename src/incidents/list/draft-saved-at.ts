/**
 * When a draft was last written, as the clock on the monitor's wall showed
 * it. The list's date formatter reads instants as UTC (event dates are stored
 * as typed), so the local time is shifted into UTC fields for it. Returns null
 * for a timestamp that cannot be read.
 */
export function draftSavedAtWallTime(
  savedAt: string,
  offsetMinutes: (instant: Date) => number = (instant) => instant.getTimezoneOffset(),
): Date | null {
  const instant = new Date(savedAt);
  if (Number.isNaN(instant.getTime())) return null;
  return new Date(instant.getTime() - offsetMinutes(instant) * 60_000);
}

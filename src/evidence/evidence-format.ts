import { numberLocale } from '../i18n/intl-support';

/** Locale keys (namespace `evidence`) of the size units, smallest first. */
export const SIZE_UNIT_KEYS = ['size.B', 'size.KB', 'size.MB', 'size.GB', 'size.TB'] as const;
export type SizeUnitKey = (typeof SIZE_UNIT_KEYS)[number];

/** Looks up a unit pattern such as "{{value}} МБ" in the UI language. */
export type UnitText = (key: SizeUnitKey | 'speed', values: Record<string, string>) => string;

/**
 * A byte count in the UI language: binary multiples (what file managers on
 * the monitors' laptops show), one decimal below 10 so a 1.4 GB video does not
 * read as 1 GB, the number written the language's way ("1,4 ГБ" in ru/ky).
 */
export function formatBytes(bytes: number, language: string, text: UnitText): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNIT_KEYS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(numberLocale(language), {
    maximumFractionDigits: digits,
  }).format(value);
  return text(SIZE_UNIT_KEYS[unit]!, { value: number });
}

export function formatSpeed(bytesPerSecond: number, language: string, text: UnitText): string {
  return text('speed', { size: formatBytes(bytesPerSecond, language, text) });
}

/** "0:07", "12:30", "1:02:03": the same digits in every language. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** The first 12 hex digits: enough to tell files apart by eye, short enough for a list. */
export function shortSha256(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * The app's date formatter writes instants as UTC wall time (for dates as
 * typed). Attach times are moments on this computer, so they are shifted to
 * read as the local wall time.
 */
export function asLocalWallTime(instant: Date): Date {
  return new Date(instant.getTime() - instant.getTimezoneOffset() * 60_000);
}

const FORBIDDEN_IN_FILE_NAMES = /[/\\:*?"<>|\0]/g;
const MAX_FILE_NAME = 255;

/**
 * A name the save dialog may propose for a decrypted copy: the original name
 * with the characters the contract refuses replaced, never empty.
 */
export function copyFileName(originalName: string, fallback: string): string {
  const cleaned = originalName.replace(FORBIDDEN_IN_FILE_NAMES, '_').trim().slice(0, MAX_FILE_NAME);
  return cleaned === '' || /^\.+$/.test(cleaned) ? fallback : cleaned;
}

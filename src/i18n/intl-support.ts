/**
 * Which Intl data the runtime really has. Chromium (and so Electron) ships a
 * trimmed ICU without Kyrgyz dates and numbers: `Intl.DateTimeFormat('ky')`
 * silently formats in English. Node's full ICU has them, so tests alone
 * would not notice.
 */
export type LocaleSupport = (language: string) => boolean;

export const runtimeHasNumberData: LocaleSupport = (language) =>
  Intl.NumberFormat.supportedLocalesOf([language]).length > 0;

export const runtimeHasDateData: LocaleSupport = (language) =>
  Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;

/**
 * Kyrgyz writes numbers as Russian does (CLDR: "12 345,6", space-grouped,
 * decimal comma), so Russian data is an exact substitute.
 */
const NUMBER_SUBSTITUTES: Record<string, string> = { ky: 'ru' };

/** The locale to hand to Intl.NumberFormat for `language`. */
export function numberLocale(
  language: string,
  supported: LocaleSupport = runtimeHasNumberData,
): string {
  if (supported(language)) return language;
  return NUMBER_SUBSTITUTES[language] ?? language;
}

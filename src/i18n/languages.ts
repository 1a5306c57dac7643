export const LANGUAGES = ['ky', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, shown in the switch whatever the UI language is. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  ky: 'Кыргызча',
  ru: 'Русский',
  en: 'English',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the UI language on first start from the OS's preferred languages
 * (BCP 47 tags such as "ky-KG", "ru", "en-US"). Falls back to Russian, the
 * language every user in the field reads, when none of ours is listed.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(base)) return base;
  }
  return 'ru';
}

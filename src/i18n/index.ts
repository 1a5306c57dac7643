import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { numberLocale } from './intl-support';
import { LANGUAGES, type Language } from './languages';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** locales/<lng>/<namespace>.json, bundled at build time (the app is offline). */
export function loadResources(): Resources {
  const files = import.meta.glob<Record<string, unknown>>('../../locales/*/*.json', {
    eager: true,
    import: 'default',
  });
  const resources: Resources = {};
  for (const [path, content] of Object.entries(files)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lng, ns] = match as unknown as [string, string, string];
    (resources[lng] ??= {})[ns] = content;
  }
  return resources;
}

export const NAMESPACES = [
  'common',
  'vocab',
  'list',
  'editor',
  'actors',
  'settings',
  'vault',
  'evidence',
  'contacts',
  'exchange',
] as const;

/**
 * Initialises `instance` (the app's shared i18next by default; tests pass
 * their own from `i18next.createInstance()`), and keeps `<html lang>` in step
 * with the UI language so screen readers pronounce it correctly.
 */
export async function initI18n(language: Language, instance: I18n = i18next): Promise<I18n> {
  await instance.use(initReactI18next).init({
    resources: loadResources(),
    lng: language,
    supportedLngs: [...LANGUAGES],
    // No fallback language: a missing key must show up as a key in tests, never as English.
    fallbackLng: false,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // `{{count, number}}` in the locale files: Kyrgyz numbers need a substitute in Chromium.
  instance.services.formatter?.add('number', (value: unknown, lng: string | undefined, options) =>
    new Intl.NumberFormat(
      numberLocale(lng ?? language),
      options as Intl.NumberFormatOptions,
    ).format(Number(value)),
  );
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language;
    instance.on('languageChanged', (lng) => {
      document.documentElement.lang = lng;
    });
  }
  return instance;
}

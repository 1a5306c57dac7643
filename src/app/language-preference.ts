import { isLanguage, pickLanguage, type Language } from '../i18n/languages';

export const LANGUAGE_STORAGE_KEY = 'depter.language';

/** The small part of the Storage API used here, so tests can pass a Map-backed store. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The language the user chose earlier, if it is still one we ship. */
export function readStoredLanguage(store: KeyValueStore): Language | null {
  try {
    const value = store.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    // Storage can be unavailable (disabled, quota); the OS locale is a fine answer then.
    return null;
  }
}

export function storeLanguage(store: KeyValueStore, language: Language): void {
  try {
    store.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembering the choice is better than failing the switch itself.
  }
}

/**
 * The language to start in: the user's earlier choice, else the first of the
 * OS's preferred languages that we ship (asked only when needed), else the
 * browser's list when the OS cannot be asked.
 */
export async function chooseStartLanguage(
  store: KeyValueStore,
  systemLocales: () => Promise<readonly string[]>,
  browserLanguages: readonly string[],
): Promise<Language> {
  const stored = readStoredLanguage(store);
  if (stored) return stored;
  try {
    return pickLanguage(await systemLocales());
  } catch {
    return pickLanguage(browserLanguages);
  }
}

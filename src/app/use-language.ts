import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../i18n/languages';
import { storeLanguage } from './language-preference';

/**
 * The UI language and a setter that switches it live and remembers it on
 * this computer (`<html lang>` follows through the i18n setup).
 */
export function useLanguage(): [Language, (language: Language) => void] {
  const { i18n } = useTranslation();
  const current = isLanguage(i18n.language) ? i18n.language : 'ru';
  const setLanguage = useCallback(
    (language: Language) => {
      storeLanguage(window.localStorage, language);
      void i18n.changeLanguage(language);
    },
    [i18n],
  );
  return [current, setLanguage];
}

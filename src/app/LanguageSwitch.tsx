import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../i18n/languages';
import { useLanguage } from './use-language';

/** The always-visible language switch of the top bar; each language is named in itself. */
export function LanguageSwitch() {
  const { t } = useTranslation('common');
  const [language, setLanguage] = useLanguage();
  const id = useId();
  return (
    <div className="language-switch">
      <label className="language-switch__label" htmlFor={id}>
        {t('language.label')}
      </label>
      <select
        id={id}
        className="control"
        data-testid="language-switch"
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { version } from '../../package.json';
import { useLanguage } from '../app/use-language';
import { LANGUAGES, LANGUAGE_NAMES } from '../i18n/languages';
import { SecuritySection } from './SecuritySection';

export function SettingsScreen() {
  const { t } = useTranslation('settings');
  const [language, setLanguage] = useLanguage();
  const id = useId();

  return (
    <div className="page">
      <div className="page__header">
        <h1>{t('title')}</h1>
      </div>

      <section className="panel settings-section" aria-labelledby={`${id}-language`}>
        <h2 id={`${id}-language`}>{t('language.heading')}</h2>
        <fieldset className="radio-group" aria-describedby={`${id}-language-hint`}>
          <legend>{t('language.label')}</legend>
          {LANGUAGES.map((code) => (
            <label key={code} lang={code}>
              <input
                type="radio"
                name={`${id}-language-choice`}
                value={code}
                checked={language === code}
                onChange={() => setLanguage(code)}
              />
              {LANGUAGE_NAMES[code]}
            </label>
          ))}
        </fieldset>
        <p id={`${id}-language-hint`} className="muted">
          {t('language.hint')}
        </p>
      </section>

      <SecuritySection />

      <section className="panel settings-section" aria-labelledby={`${id}-about`}>
        <h2 id={`${id}-about`}>{t('about.heading')}</h2>
        <p>{t('about.description')}</p>
        <p className="muted">{t('about.version', { version })}</p>
      </section>
    </div>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTextFormatter, type DateTextFormatter } from './date-text';

/** Dates in the current UI language, whether or not the runtime has Intl data for it. */
export function useDateTextFormatter(): DateTextFormatter {
  const { t, i18n } = useTranslation('common');
  const language = i18n.language;
  return useMemo(
    () => dateTextFormatter(language, (key, values) => t(key, { ...values, lng: language })),
    [language, t],
  );
}

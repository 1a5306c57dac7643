import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatSpeed, type UnitText } from './evidence-format';

/** Sizes and speeds in the UI language ("1,4 ГБ", "80 МБ/с"). */
export function useSizeText(): {
  bytes: (count: number) => string;
  speed: (bytesPerSecond: number) => string;
} {
  const { t, i18n } = useTranslation('evidence');
  const language = i18n.language;
  const text: UnitText = useCallback((key, values) => t(key, values), [t]);
  return {
    bytes: useCallback((count: number) => formatBytes(count, language, text), [language, text]),
    speed: useCallback(
      (bytesPerSecond: number) => formatSpeed(bytesPerSecond, language, text),
      [language, text],
    ),
  };
}

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorMessage } from './zod-issue-message';

/** Translates a validation message; the messages live in the editor namespace under `errors`. */
export function useErrorText(): (message: ErrorMessage) => string {
  const { t } = useTranslation('editor');
  return useCallback((message) => t(message.key, { ...message.values }), [t]);
}

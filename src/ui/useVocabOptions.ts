import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { VOCABULARIES, type VocabularyName } from '../domain/vocabularies';
import type { SelectOption } from './SelectField';

/** A vocabulary's ids with their labels in the UI language, in the vocabulary's order. */
export function useVocabOptions(name: VocabularyName): SelectOption[] {
  const { t, i18n } = useTranslation('vocab');
  return useMemo(
    () => VOCABULARIES[name].map((id) => ({ value: id, label: t(`${name}.${id}`) })),
    // The labels change with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [name, t, i18n.language],
  );
}

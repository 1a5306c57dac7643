import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldForSearch } from '../../domain/text-fold';
import { CheckboxGroup } from '../../ui/CheckboxGroup';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import type { SectionProps } from './section-props';

/** Title, summary, categories and violation types. */
export function BasicsSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const categories = useVocabOptions('category');
  const violations = useVocabOptions('violation');
  const [violationFilter, setViolationFilter] = useState('');

  const hiddenViolations = useMemo(() => {
    const query = foldForSearch(violationFilter);
    if (!query) return new Set<string>();
    return new Set(
      violations
        .filter((option) => !foldForSearch(option.label).includes(query))
        .map((option) => option.value),
    );
  }, [violationFilter, violations]);

  return (
    <section className="editor-section" aria-labelledby="editor-basics-heading">
      <h2 className="editor-section__heading" id="editor-basics-heading">
        {t('sections.basics')}
      </h2>
      <TextField
        id={fieldId('title')}
        label={t('fields.title')}
        value={form.title}
        onChange={(title) => update((current) => ({ ...current, title }))}
        error={errorFor('title')}
        required
        testId="field-title"
      />
      <TextField
        id={fieldId('summary')}
        label={t('fields.summary')}
        hint={t('hints.summary')}
        rows={5}
        value={form.summary}
        onChange={(summary) => update((current) => ({ ...current, summary }))}
        error={errorFor('summary')}
        testId="field-summary"
      />
      <CheckboxGroup
        id={fieldId('categories')}
        legend={t('fields.categories')}
        options={categories}
        values={form.categories}
        onChange={(values) => update((current) => ({ ...current, categories: values }))}
        error={errorFor('categories')}
        columns={2}
      />
      <div className="editor-violations">
        <TextField
          id={fieldId('violations-filter')}
          type="search"
          label={t('fields.violationsFilter')}
          value={violationFilter}
          onChange={setViolationFilter}
          className="editor-violations__filter"
        />
        <CheckboxGroup
          id={fieldId('violations')}
          legend={t('fields.violations')}
          hint={
            form.violations.length > 0
              ? t('hints.violationsChosen', { count: form.violations.length })
              : undefined
          }
          options={violations}
          values={form.violations}
          hidden={hiddenViolations}
          onChange={(values) => update((current) => ({ ...current, violations: values }))}
          error={errorFor('violations')}
          columns={2}
        />
      </div>
    </section>
  );
}

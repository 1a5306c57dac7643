import { useTranslation } from 'react-i18next';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useVocabOptions } from '../../ui/useVocabOptions';
import { changePrecision, inputTypeFor } from './date-precision';
import type { SectionProps } from './section-props';

/** When it happened, as precisely as it is known. */
export function DateSection({ form, update, errorFor, fieldId }: SectionProps) {
  const { t } = useTranslation('editor');
  const precisions = useVocabOptions('datePrecision');
  const { date } = form;
  const setDate = (patch: Partial<typeof date>) =>
    update((current) => ({ ...current, date: { ...current.date, ...patch } }));
  const startType = inputTypeFor(date.precision);

  return (
    <section className="editor-section" aria-labelledby="editor-date-heading">
      <h2 className="editor-section__heading" id="editor-date-heading">
        {t('sections.date')}
      </h2>
      <div className="editor-grid">
        <SelectField
          id={fieldId('date.precision')}
          label={t('fields.date.precision')}
          value={date.precision}
          options={precisions}
          onChange={(precision) =>
            update((current) => ({ ...current, date: changePrecision(current.date, precision) }))
          }
          error={errorFor('date.precision')}
        />
        <TextField
          id={fieldId('date.start')}
          label={t(`fields.date.startByPrecision.${date.precision}`, {
            defaultValue: t('fields.date.start'),
          })}
          type={startType}
          inputMode={startType === 'text' ? 'numeric' : undefined}
          placeholder={startType === 'text' ? t('hints.yearPlaceholder') : undefined}
          value={date.start}
          onChange={(start) => setDate({ start })}
          error={errorFor('date.start')}
        />
        {date.precision === 'exact' ? (
          <TextField
            id={fieldId('date.time')}
            label={t('fields.date.time')}
            type="time"
            value={date.time}
            onChange={(time) => setDate({ time })}
            error={errorFor('date.time')}
          />
        ) : null}
        {date.precision === 'range' ? (
          <TextField
            id={fieldId('date.end')}
            label={t('fields.date.end')}
            type="date"
            value={date.end}
            onChange={(end) => setDate({ end })}
            error={errorFor('date.end')}
          />
        ) : null}
      </div>
    </section>
  );
}

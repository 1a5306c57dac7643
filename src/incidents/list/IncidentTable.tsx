import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { routeToHash } from '../../app/routes';
import type { IncidentSummary } from '../search/incident-summary';
import { numberLocale } from '../../i18n/intl-support';
import { useDateTextFormatter } from '../../i18n/use-date-text-formatter';
import { formatEventDate, keepDatesTogether } from './format-event-date';

export interface IncidentTableProps {
  rows: readonly IncidentSummary[];
}

/** The visible page of results. Damaged records stay in the list, marked, never hidden. */
export function IncidentTable({ rows }: IncidentTableProps) {
  const { t, i18n } = useTranslation(['list', 'vocab']);
  const language = i18n.language;
  const numbers = useMemo(() => new Intl.NumberFormat(numberLocale(language)), [language]);
  const dates = useDateTextFormatter();

  const dateLabel = (summary: IncidentSummary): string | null => {
    const formatted = formatEventDate(summary.date, dates);
    if (!formatted) return null;
    const date = keepDatesTogether(formatted.text);
    if (formatted.approximate) return t('list:date.approximate', { date });
    if (formatted.openEnded) return t('list:date.ongoing', { date });
    return date;
  };

  return (
    <table className="incident-table">
      <caption className="visually-hidden">{t('list:tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('list:columns.title')}</th>
          <th scope="col">{t('list:columns.date')}</th>
          <th scope="col">{t('list:columns.region')}</th>
          <th scope="col">{t('list:columns.status')}</th>
          <th scope="col">{t('list:columns.violations')}</th>
          <th scope="col" className="incident-table__number">
            {t('list:columns.affected')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((summary) => {
          const date = dateLabel(summary);
          const hintId = `damaged-${summary.id}`;
          return (
            <tr key={summary.id} className={summary.ok ? undefined : 'is-damaged'}>
              <td className="incident-table__title">
                <a
                  href={routeToHash({ name: 'incident', id: summary.id })}
                  aria-describedby={summary.ok ? undefined : hintId}
                >
                  {summary.title.trim() || t('list:untitled')}
                </a>
                {!summary.ok && (
                  <>
                    <span className="badge badge--damaged">
                      <span aria-hidden="true">⚠ </span>
                      {t('list:damaged.badge')}
                    </span>
                    <p className="damaged-hint" id={hintId}>
                      {t('list:damaged.hint')}
                    </p>
                  </>
                )}
              </td>
              <td className="incident-table__date">
                {date && summary.date ? (
                  <time dateTime={summary.date.start}>{date}</time>
                ) : (
                  <span className="is-unknown">{t('list:date.unknown')}</span>
                )}
              </td>
              <td>
                {summary.region ? (
                  t(`vocab:region.${summary.region}`)
                ) : (
                  <span className="is-unknown">{t('list:region.unknown')}</span>
                )}
              </td>
              <td>
                {summary.status && (
                  <span className={`badge badge--${summary.status}`}>
                    {t(`vocab:status.${summary.status}`)}
                  </span>
                )}
              </td>
              <td>
                {summary.violations.length > 0 && (
                  <ul className="tag-list">
                    {summary.violations.map((violation) => (
                      <li key={violation}>{t(`vocab:violation.${violation}`)}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="incident-table__number">
                {summary.victimCount > 0 ? numbers.format(summary.victimCount) : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

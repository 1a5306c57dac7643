import { useTranslation } from 'react-i18next';
import type { ImportOutcome } from './run-import';

/** Where the conflicts panel sits on the same screen (ConflictsPanel's heading). */
const CONFLICTS_HEADING_ID = 'conflicts-heading';

/** What an import changed, or why it changed nothing. */
export function ImportReportView({ outcome }: { outcome: ImportOutcome }) {
  const { t } = useTranslation('exchange');
  if (outcome.kind === 'merge-failed') {
    return (
      <p className="notice notice--danger" role="alert" data-testid="import-error">
        {t('import.mergeFailed')}
      </p>
    );
  }
  const { report } = outcome;
  const conflicts =
    report.incidents.conflicts + report.actors.conflicts + report.evidence.conflicts;
  return (
    <div className="import__report" role="status" data-testid="import-report">
      {outcome.nothingChanged ? (
        <p className="notice" data-testid="import-nothing-changed">
          {t('import.report.nothingChanged')}
        </p>
      ) : (
        <p className="notice">{t('import.report.done')}</p>
      )}
      <table className="import__table">
        <caption className="visually-hidden">{t('import.report.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.report.what')}</th>
            <th scope="col">{t('import.report.added')}</th>
            <th scope="col">{t('import.report.updated')}</th>
            <th scope="col">{t('import.report.unchanged')}</th>
            <th scope="col">{t('import.report.conflicts')}</th>
          </tr>
        </thead>
        <tbody>
          {(['incidents', 'actors'] as const).map((table) => (
            <tr key={table} data-testid={`import-report-${table}`}>
              <th scope="row">{t(`import.report.${table}`)}</th>
              <td>{report[table].added}</td>
              <td>{report[table].updated}</td>
              <td>{report[table].unchanged}</td>
              <td>{report[table].conflicts}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="import-report-evidence">
        {t('import.report.evidence', {
          records: report.evidence.records,
          files: report.evidence.filesAdded,
        })}
      </p>
      {conflicts > 0 && (
        <p className="notice notice--warning">
          {t('import.report.conflictsWaiting', { n: conflicts })}{' '}
          <button
            type="button"
            className="import__link"
            data-testid="import-to-conflicts"
            onClick={() =>
              document.getElementById(CONFLICTS_HEADING_ID)?.scrollIntoView({ block: 'start' })
            }
          >
            {t('import.report.toConflicts')}
          </button>
        </p>
      )}
      {!outcome.filesFinished && (
        <p className="notice notice--warning">{t('import.report.filesPending')}</p>
      )}
    </div>
  );
}

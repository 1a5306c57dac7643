import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Loaded } from '../../db/repository-types';
import { depterApi } from '../../ui/depter-bridge';
import { damagedExportContent, damagedExportName } from './damaged-export';
import './editor.css';

type Damaged = Extract<Loaded<unknown>, { ok: false }>;

/**
 * A record that no longer passes the schema: never hidden, never dropped.
 * Shows what is wrong and the stored value, and exports it as JSON.
 */
export function DamagedRecordView({
  kind,
  damaged,
  onClose,
}: {
  kind: 'incident' | 'actor';
  damaged: Damaged;
  onClose?: () => void;
}) {
  const { t } = useTranslation('editor');
  const [result, setResult] = useState<'saved' | 'cancelled' | 'failed' | null>(null);

  const exportJson = async () => {
    const api = depterApi();
    if (!api) {
      setResult('failed');
      return;
    }
    try {
      const { saved } = await api.saveTextFile({
        suggestedName: damagedExportName(kind, damaged),
        content: damagedExportContent(kind, damaged),
      });
      setResult(saved ? 'saved' : 'cancelled');
    } catch {
      setResult('failed');
    }
  };

  return (
    <section
      className="damaged-record"
      aria-labelledby="damaged-record-heading"
      data-testid="damaged-record"
    >
      <h1 id="damaged-record-heading" className="damaged-record__heading">
        {t(`damaged.title.${kind}`)}
      </h1>
      <p>{t('damaged.explanation')}</p>
      <h2 className="damaged-record__subheading">{t('damaged.problems')}</h2>
      <ul className="damaged-record__problems" lang="en">
        {damaged.problems.map((problem, index) => (
          <li key={index}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
      <div className="damaged-record__actions">
        <button
          type="button"
          className="ui-button ui-button--primary"
          onClick={() => void exportJson()}
        >
          {t('damaged.export')}
        </button>
        {onClose ? (
          <button type="button" className="ui-button" onClick={onClose} data-testid="close-editor">
            {t('actions.close')}
          </button>
        ) : null}
      </div>
      <p role="status" aria-live="polite" className="damaged-record__result">
        {result ? t(`damaged.result.${result}`) : ''}
      </p>
      <h2 className="damaged-record__subheading" id="damaged-record-raw">
        {t('damaged.raw')}
      </h2>
      {/* Focusable so the stored value can be scrolled and read from the keyboard. */}
      <pre className="damaged-record__raw" tabIndex={0} aria-labelledby="damaged-record-raw">
        {JSON.stringify(damaged.raw, null, 2)}
      </pre>
    </section>
  );
}

import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shortSha256 } from './evidence-format';

/** The short SHA-256 in the row; the full one on demand, selectable and copyable. */
export function HashDetails({ sha256, name }: { sha256: string; name: string }) {
  const { t } = useTranslation('evidence');
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<null | 'copied' | 'failed'>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sha256);
      setCopied('copied');
    } catch {
      // The clipboard API needs a permission the app never grants: select it for Ctrl+C instead.
      inputRef.current?.focus();
      inputRef.current?.select();
      setCopied('failed');
    }
  };

  return (
    <details className="evidence-hash" onToggle={() => setCopied(null)}>
      <summary className="evidence-hash__summary">
        <span>{t('file.sha256')}</span>{' '}
        <code data-testid="evidence-sha-short">{shortSha256(sha256)}…</code>
        <span className="visually-hidden"> {t('file.showFullHash')}</span>
      </summary>
      <div className="evidence-hash__full">
        <label className="visually-hidden" htmlFor={inputId}>
          {t('file.fullHashLabel', { name })}
        </label>
        <input
          ref={inputRef}
          id={inputId}
          className="evidence-hash__input"
          readOnly
          value={sha256}
          spellCheck={false}
          data-testid="evidence-sha-full"
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="ui-button" onClick={() => void copy()}>
          {t('file.copyHash')}
        </button>
        <span role="status" className="evidence-hash__copied">
          {copied === 'copied' ? t('file.copied') : copied === 'failed' ? t('file.copySelect') : ''}
        </span>
      </div>
    </details>
  );
}

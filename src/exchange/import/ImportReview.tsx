import { useTranslation } from 'react-i18next';
import { useSizeText } from '../../evidence/use-unit-text';
import { useDateTextFormatter } from '../../i18n/use-date-text-formatter';
import type { OpenedBundle, SenderView } from './run-import';

/**
 * What an opened bundle is before anything of it is kept: who signed it and
 * how far this device trusts that key, when it was made, what it covers and
 * holds; then the user's decision.
 */
export function ImportReview({
  bundle,
  sender,
  onImport,
  onDecline,
}: {
  bundle: OpenedBundle;
  sender: SenderView;
  onImport: () => void;
  onDecline: () => void;
}) {
  const { t } = useTranslation('exchange');
  const dates = useDateTextFormatter();
  const size = useSizeText();
  const { counts } = bundle;
  return (
    <div className="import__review" data-testid="import-summary">
      <p className="notice">{t('import.review.checked')}</p>
      <dl className="import__facts">
        <dt>{t('import.review.sender')}</dt>
        <dd data-testid="import-sender-name">{bundle.sender.name || t('import.review.noName')}</dd>
        <dt>{t('import.review.trust')}</dt>
        <dd>
          <TrustLine sender={sender} />
        </dd>
        <dt>{t('import.review.fingerprint')}</dt>
        <dd>
          <code className="import__fingerprint" data-testid="import-fingerprint">
            {bundle.sender.fingerprint}
          </code>
        </dd>
        <dt>{t('import.review.createdAt')}</dt>
        <dd>{dates.format(new Date(bundle.createdAt), 'minute')}</dd>
        <dt>{t('import.review.scope')}</dt>
        <dd>{t(`import.scope.${bundle.scope.kind}`)}</dd>
        <dt>{t('import.review.incidents')}</dt>
        <dd data-testid="import-count-incidents">{counts.incidents}</dd>
        <dt>{t('import.review.actors')}</dt>
        <dd>{counts.actors}</dd>
        <dt>{t('import.review.files')}</dt>
        <dd>
          {bundle.files.join(', ')} ({size.bytes(bundle.size)})
        </dd>
        <dt>{t('import.review.sha256')}</dt>
        <dd>
          <code className="import__sha" data-testid="import-sha256">
            {bundle.sha256}
          </code>
        </dd>
        <dt>{t('import.review.evidence')}</dt>
        <dd>
          {t('import.review.evidenceFiles', {
            records: counts.evidence,
            files: counts.evidenceFiles,
            size: size.bytes(counts.evidenceBytes),
          })}
        </dd>
      </dl>
      <p className="muted">{t('import.review.nothingYet')}</p>
      <div className="import__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={onImport}
          data-testid="import-confirm"
        >
          {t('import.review.import')}
        </button>
        <button type="button" className="button" onClick={onDecline} data-testid="import-decline">
          {t('import.review.decline')}
        </button>
      </div>
    </div>
  );
}

function TrustLine({ sender }: { sender: SenderView }) {
  const { t } = useTranslation('exchange');
  const { trust } = sender;
  const className =
    trust.kind === 'verified' || trust.kind === 'self'
      ? 'import__trust import__trust--verified'
      : trust.kind === 'unverified'
        ? 'import__trust import__trust--unverified'
        : 'import__trust import__trust--unknown';
  return (
    <span className={className} data-testid="import-sender-trust" data-trust={trust.kind}>
      {t(`import.trust.${trust.kind}`, { name: sender.contactName ?? '' })}
    </span>
  );
}

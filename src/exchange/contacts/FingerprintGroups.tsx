import { useTranslation } from 'react-i18next';
import { fingerprintGroups } from '../../domain/fingerprint';

/**
 * A fingerprint as six numbered groups in large digits, so two people can
 * read it to each other one group at a time without losing their place.
 */
export function FingerprintGroups({ fingerprint, label }: { fingerprint: string; label: string }) {
  const { t } = useTranslation('contacts');
  return (
    <ol className="fingerprint" aria-label={label}>
      {fingerprintGroups(fingerprint).map((group, index) => (
        <li key={index} className="fingerprint__group">
          <span className="fingerprint__number">{t('verify.group', { n: index + 1 })}</span>
          <span className="fingerprint__digits">{group}</span>
        </li>
      ))}
    </ol>
  );
}

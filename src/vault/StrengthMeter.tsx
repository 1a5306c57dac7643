import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { estimatePassphraseStrength } from '../domain/passphrase-strength';

export interface StrengthMeterProps {
  passphrase: string;
  /** Lets the passphrase field point at the meter's text with aria-describedby. */
  id?: string;
}

/**
 * The live strength estimate of a new passphrase: a bar and a plain-language
 * verdict. The verdict sits in a polite live region, and screen readers hear
 * it only when the level changes, not on every key.
 */
export function StrengthMeter({ passphrase, id }: StrengthMeterProps) {
  const { t } = useTranslation('vault');
  const fallbackId = useId();
  const textId = id ?? fallbackId;
  const strength = useMemo(() => estimatePassphraseStrength(passphrase), [passphrase]);
  const empty = passphrase.length === 0;
  const score = empty ? 0 : strength.score;
  // Five levels, five segments: even "very weak" lights one, so typing visibly registers.
  const litSegments = empty ? 0 : strength.score + 1;
  return (
    <div
      className={`strength strength--${empty ? 'empty' : strength.label}`}
      data-testid="strength-meter"
      data-score={score}
    >
      <div className="strength__bar" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((step) => (
          <span key={step} className={litSegments > step ? 'strength__step--on' : ''} />
        ))}
      </div>
      <p id={textId} className="strength__text" aria-live="polite">
        {empty
          ? t('strength.empty')
          : t('strength.verdict', { level: t(`strength.level.${strength.label}`) })}
      </p>
    </div>
  );
}

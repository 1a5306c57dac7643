import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { estimatePassphraseStrength, MIN_ACCEPTED_SCORE } from '../domain/passphrase-strength';
import { newPassphraseProblem, shouldShowMismatch } from './new-passphrase';
import { PassphraseField } from './PassphraseField';
import { StrengthMeter } from './StrengthMeter';
import './vault.css';

export interface NewPassphraseFieldsProps {
  passphrase: string;
  repeat: string;
  onPassphraseChange: (value: string) => void;
  onRepeatChange: (value: string) => void;
  /** "Passphrase" on first start, "New passphrase" when changing it. */
  labelKey: 'create.passphrase' | 'change.next';
  testIds?: { passphrase: string; repeat: string };
  disabled?: boolean;
  autoFocus?: boolean;
}

/** Whether a new passphrase and its repetition may be submitted (main checks the same rule). */
export function isNewPassphraseAcceptable(passphrase: string, repeat: string): boolean {
  const { score } = estimatePassphraseStrength(passphrase);
  return newPassphraseProblem(passphrase, repeat, score, MIN_ACCEPTED_SCORE) === null;
}

/** Choose a passphrase, repeat it, see how strong it is: shared by first start and Settings. */
export function NewPassphraseFields({
  passphrase,
  repeat,
  onPassphraseChange,
  onRepeatChange,
  labelKey,
  testIds,
  disabled,
  autoFocus,
}: NewPassphraseFieldsProps) {
  const { t } = useTranslation('vault');
  const id = useId();
  const meterId = `${id}-meter`;
  const adviceId = `${id}-advice`;
  const mismatchId = `${id}-mismatch`;
  const { score } = estimatePassphraseStrength(passphrase);
  const tooWeak = newPassphraseProblem(passphrase, repeat, score, MIN_ACCEPTED_SCORE) === 'weak';
  const mismatch = shouldShowMismatch(passphrase, repeat);
  return (
    <div className="new-passphrase">
      <p id={adviceId} className="muted">
        {t('create.advice')}
      </p>
      <PassphraseField
        id={`${id}-passphrase`}
        label={t(labelKey)}
        value={passphrase}
        onChange={onPassphraseChange}
        autoComplete="new-password"
        autoFocus={autoFocus}
        disabled={disabled}
        describedBy={`${adviceId} ${meterId}`}
        {...(testIds ? { testId: testIds.passphrase } : {})}
      />
      <StrengthMeter passphrase={passphrase} id={meterId} />
      {tooWeak ? <p className="vault-hint">{t('create.tooWeak')}</p> : null}
      <PassphraseField
        id={`${id}-repeat`}
        label={t('create.repeat')}
        value={repeat}
        onChange={onRepeatChange}
        autoComplete="new-password"
        disabled={disabled}
        invalid={mismatch}
        describedBy={mismatch ? mismatchId : undefined}
        {...(testIds ? { testId: testIds.repeat } : {})}
      />
      {mismatch ? (
        <p id={mismatchId} className="vault-hint vault-hint--error" role="alert">
          {t('create.mismatch')}
        </p>
      ) : null}
    </div>
  );
}

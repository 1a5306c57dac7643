/** What stops a new passphrase (first start, change) from being accepted, shown as one message. */
export type NewPassphraseProblem = 'empty' | 'weak' | 'mismatch' | 'repeatMissing';

/**
 * Checks a new passphrase and its repetition against the strength score main
 * will also demand (`MIN_ACCEPTED_SCORE`), so the button is only enabled for
 * what main accepts. Null when it may be submitted.
 */
export function newPassphraseProblem(
  passphrase: string,
  repeat: string,
  score: number,
  minScore: number,
): NewPassphraseProblem | null {
  if (passphrase.length === 0) return 'empty';
  if (score < minScore) return 'weak';
  if (repeat.length === 0) return 'repeatMissing';
  if (repeat !== passphrase) return 'mismatch';
  return null;
}

/** Only a mismatch is worth saying out loud while typing; the rest shows in the meter and button. */
export function shouldShowMismatch(passphrase: string, repeat: string): boolean {
  return repeat.length > 0 && !passphrase.startsWith(repeat) && repeat !== passphrase;
}

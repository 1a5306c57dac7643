/**
 * How long the unlock screen makes someone wait after failed passphrases.
 * Failures 1 and 2 cost nothing (typos happen); from the 3rd on the wait
 * doubles, 2^(n-2) seconds, up to five minutes. With scrypt at 2^18 this
 * limits guessing through the app to a few hundred tries a day; it does
 * nothing against a copy of keys.age attacked offline, which only the
 * passphrase's strength and scrypt's cost defend.
 */

export const MAX_UNLOCK_DELAY_MS = 5 * 60 * 1000;
const FREE_FAILURES = 2;

export function unlockDelayMs(failedAttempts: number): number {
  if (failedAttempts <= FREE_FAILURES) return 0;
  // Capping the exponent keeps 2 ** n finite for absurd counters.
  const exponent = Math.min(failedAttempts - FREE_FAILURES, 30);
  return Math.min(2 ** exponent * 1000, MAX_UNLOCK_DELAY_MS);
}

/**
 * The throttling delay on the unlock screen. Main answers with
 * `retryAfterMs` relative to its answer; the screen turns it into a deadline
 * on its own clock and counts down to it.
 */
export function retryDeadline(retryAfterMs: number, receivedAt: number): number {
  return receivedAt + Math.max(0, retryAfterMs);
}

/** Whole seconds left, rounded up, so "0" only shows when the wait is over. */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/**
 * Seconds as "m:ss" (the delay is capped at five minutes), the same digits in
 * every UI language.
 */
export function formatCountdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/** How many unlock attempts remain before a quick wipe, or null when wipe-after-N is off. */
export function attemptsBeforeWipe(
  failedAttempts: number,
  wipeAfterFailures: number | null,
): number | null {
  if (wipeAfterFailures === null) return null;
  return Math.max(0, wipeAfterFailures - failedAttempts);
}

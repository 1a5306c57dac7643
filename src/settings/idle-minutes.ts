/** The idle-lock field as typed, checked against the contract's bounds (1–240 whole minutes). */
export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 240;

export function parseIdleMinutes(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const minutes = Number(trimmed);
  return minutes >= IDLE_MINUTES_MIN && minutes <= IDLE_MINUTES_MAX ? minutes : null;
}

/** What the wipe-after-N choice offers; the current value is added if it is another number. */
export const WIPE_AFTER_CHOICES: readonly number[] = [3, 5, 10, 20];

export function wipeAfterChoices(current: number | null): number[] {
  const choices = new Set(WIPE_AFTER_CHOICES);
  if (current !== null) choices.add(current);
  return [...choices].sort((a, b) => a - b);
}

import { describe, expect, it } from 'vitest';
import { attemptsBeforeWipe, formatCountdown, retryDeadline, secondsLeft } from './countdown';

describe('unlock countdown', () => {
  it('turns main’s relative delay into a deadline on the renderer clock', () => {
    expect(retryDeadline(4000, 1_000_000)).toBe(1_004_000);
    expect(retryDeadline(-5, 1_000_000)).toBe(1_000_000);
  });

  it('rounds the seconds left up and never below zero', () => {
    const deadline = 10_000;
    expect(secondsLeft(deadline, 0)).toBe(10);
    expect(secondsLeft(deadline, 9_001)).toBe(1);
    expect(secondsLeft(deadline, 9_999)).toBe(1);
    expect(secondsLeft(deadline, 10_000)).toBe(0);
    expect(secondsLeft(deadline, 12_000)).toBe(0);
  });

  it('formats minutes and two-digit seconds', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(7)).toBe('0:07');
    expect(formatCountdown(64)).toBe('1:04');
    expect(formatCountdown(300)).toBe('5:00');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  it('counts attempts left before a wipe only when wipe-after-N is on', () => {
    expect(attemptsBeforeWipe(2, null)).toBeNull();
    expect(attemptsBeforeWipe(2, 5)).toBe(3);
    expect(attemptsBeforeWipe(7, 5)).toBe(0);
  });
});

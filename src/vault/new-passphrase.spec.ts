import { describe, expect, it } from 'vitest';
import { newPassphraseProblem, shouldShowMismatch } from './new-passphrase';

describe('new passphrase check', () => {
  it('refuses empty, weak, unrepeated and mismatched passphrases in that order', () => {
    expect(newPassphraseProblem('', '', 4, 2)).toBe('empty');
    expect(newPassphraseProblem('abc', 'abc', 1, 2)).toBe('weak');
    expect(newPassphraseProblem('тоо жана суу', '', 3, 2)).toBe('repeatMissing');
    expect(newPassphraseProblem('тоо жана суу', 'тоо жана', 3, 2)).toBe('mismatch');
    expect(newPassphraseProblem('тоо жана суу', 'тоо жана суу', 2, 2)).toBeNull();
  });

  it('does not call a repetition still being typed a mismatch', () => {
    expect(shouldShowMismatch('secret words', '')).toBe(false);
    expect(shouldShowMismatch('secret words', 'secret')).toBe(false);
    expect(shouldShowMismatch('secret words', 'secret words')).toBe(false);
    expect(shouldShowMismatch('secret words', 'secrets')).toBe(true);
    expect(shouldShowMismatch('secret', 'secret words')).toBe(true);
  });
});

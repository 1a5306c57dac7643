import { describe, expect, it } from 'vitest';
import { estimatePassphraseStrength, MIN_ACCEPTED_SCORE } from './passphrase-strength';

const score = (passphrase: string): number => estimatePassphraseStrength(passphrase).score;

describe('estimatePassphraseStrength', () => {
  it('rates the empty passphrase very weak', () => {
    expect(estimatePassphraseStrength('')).toEqual({
      score: 0,
      label: 'very_weak',
      guessesLog10: 0,
    });
  });

  it.each([
    'password',
    'Password',
    'PASSWORD',
    'password1',
    '123456',
    '12345678',
    'qwerty',
    'qwerty123',
    'qwertyuiop',
    'йцукен',
    'пароль',
    'Пароль',
    'пароль123',
    '1q2w3e4r',
    'aaaaaaaaaaaa',
    'ыыыыыыыыыыыы',
  ])('very common or trivial "%s" scores 0', (passphrase) => {
    expect(score(passphrase)).toBe(0);
  });

  it.each([
    'abcdefghijkl',
    'абвгдежзий',
    '12345678901234',
    '98765432109876',
    'qwertyuiopasdf',
    'йцукенгшщзхъфыва',
    'zyxwvutsrq',
    'Bishkek2024',
    'бишкек2020',
    'Kyrgyzstan1991',
    'sunnyday',
  ])('sequences, keyboard walks, common words with a year "%s" stay below fair', (passphrase) => {
    expect(score(passphrase)).toBeLessThan(MIN_ACCEPTED_SCORE);
  });

  it.each(['dog7Kx', 'Tz8#pq!', 'ЖаңЫ7!', 'a1B2c3'])(
    'anything under 8 characters "%s" is at most weak, however mixed',
    (passphrase) => {
      expect(score(passphrase)).toBeLessThanOrEqual(1);
    },
  );

  it.each([
    'correct horse battery staple',
    'бүгүн жамгыр жаады',
    'кара-жорго 1916',
    'Tz8#pq!Lw',
    'Sunny-Day-77',
    'mY$ecretK3y',
    'Талас өрөөнүндө 3 тоо',
    'ЖаңыЖыл2025!',
  ])('long or unpredictable "%s" is accepted', (passphrase) => {
    expect(score(passphrase)).toBeGreaterThanOrEqual(MIN_ACCEPTED_SCORE);
  });

  it('counts a Cyrillic letter as a larger alphabet than a Latin one', () => {
    const latin = estimatePassphraseStrength('xq').guessesLog10;
    const cyrillic = estimatePassphraseStrength('жщ').guessesLog10;
    expect(cyrillic).toBeGreaterThan(latin);
  });

  it('grows with length and with more character classes', () => {
    const short = estimatePassphraseStrength('Tz8#pq!L').guessesLog10;
    const longer = estimatePassphraseStrength('Tz8#pq!LwR').guessesLog10;
    expect(longer).toBeGreaterThan(short);
    const lowerOnly = estimatePassphraseStrength('xqzvkm').guessesLog10;
    const mixed = estimatePassphraseStrength('xQzVkm').guessesLog10;
    expect(mixed).toBeGreaterThan(lowerOnly);
  });

  it('values a repeated or sequential run far below random characters of the same length', () => {
    const random = estimatePassphraseStrength('q7xk2m9f').guessesLog10;
    expect(estimatePassphraseStrength('kkkkkkkk').guessesLog10).toBeLessThan(random / 2);
    expect(estimatePassphraseStrength('45678901').guessesLog10).toBeLessThan(random / 2);
    expect(estimatePassphraseStrength('asdfghjk').guessesLog10).toBeLessThan(random / 2);
    expect(estimatePassphraseStrength('фывапрол').guessesLog10).toBeLessThan(random / 2);
  });

  it('gives the label that goes with the score', () => {
    const labels = ['very_weak', 'weak', 'fair', 'strong', 'very_strong'];
    for (const passphrase of [
      '',
      'dog7Kx',
      'kitten99',
      'Tz8#pq!Lw',
      'correct horse battery staple',
    ]) {
      const strength = estimatePassphraseStrength(passphrase);
      expect(strength.label).toBe(labels[strength.score]);
    }
  });

  it('never throws on odd input', () => {
    for (const passphrase of [
      '🙂🙂🙂🙂🙂🙂🙂🙂',
      '\u0000\u0001',
      ' '.repeat(1024),
      'ñ'.repeat(300),
    ]) {
      const strength = estimatePassphraseStrength(passphrase);
      expect(Number.isFinite(strength.guessesLog10)).toBe(true);
    }
  });
});

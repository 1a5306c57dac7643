/**
 * A rough, dependency-free estimate of how many guesses a passphrase would
 * take, shared by the first-start screen (live feedback) and the vault
 * service (which refuses anything below MIN_ACCEPTED_SCORE).
 *
 * The passphrase is read left to right and cut into pieces; each piece costs
 * the guesses an attacker who knows the usual tricks would need for it:
 * a word from a short list of very common passwords and words (Latin and
 * Cyrillic), a repeated character, a run like "abc"/"123"/"абв", a keyboard
 * walk like "qwerty"/"йцукен"/"asdf", or a year. Any other character costs
 * the size of the alphabet it came from, counting the character classes the
 * passphrase uses (Cyrillic letters, including Kyrgyz ң ө ү, form a larger
 * alphabet than Latin ones). The sum of the pieces' log10 is the estimate.
 *
 * It is deliberately pessimistic about short passphrases (under 8 characters
 * never score above "weak"), because keys.age can be copied and attacked
 * offline, where only length and unpredictability help.
 */

export type PassphraseStrengthLabel = 'very_weak' | 'weak' | 'fair' | 'strong' | 'very_strong';

export interface PassphraseStrength {
  score: 0 | 1 | 2 | 3 | 4;
  label: PassphraseStrengthLabel;
  /** log10 of the estimated number of guesses. */
  guessesLog10: number;
}

/** createVault and changePassphrase refuse anything weaker than "fair". */
export const MIN_ACCEPTED_SCORE = 2;

const LABELS: readonly PassphraseStrengthLabel[] = [
  'very_weak',
  'weak',
  'fair',
  'strong',
  'very_strong',
];

/** Upper bounds of guessesLog10 for scores 0–3; at or above the last one scores 4. */
const SCORE_THRESHOLDS = [5, 8, 11, 14] as const;
const SHORT_LENGTH = 8;
const SHORT_MAX_SCORE = 1;

/**
 * Very common passwords and words people build them from, lower case. Kept
 * small on purpose: it catches the first guesses of any cracking list.
 */
const COMMON_WORDS: readonly string[] = [
  // Latin
  'password',
  'passw0rd',
  'p@ssw0rd',
  'pass',
  'admin',
  'administrator',
  'welcome',
  'letmein',
  'login',
  'master',
  'secret',
  'dragon',
  'monkey',
  'football',
  'baseball',
  'iloveyou',
  'love',
  'princess',
  'sunshine',
  'shadow',
  'superman',
  'batman',
  'hello',
  'freedom',
  'whatever',
  'trustno1',
  'computer',
  'internet',
  'google',
  'samsung',
  'default',
  'test',
  'user',
  'guest',
  'root',
  'qwerty',
  'azerty',
  'asdfgh',
  'zxcvbn',
  'abc123',
  'changeme',
  'kyrgyzstan',
  'kyrgyz',
  'bishkek',
  'almaty',
  'moscow',
  'russia',
  'depter',
  'manas',
  'natasha',
  'maxim',
  'alex',
  'michael',
  // Cyrillic
  'пароль',
  'парол',
  'привет',
  'любовь',
  'люблю',
  'солнце',
  'солнышко',
  'наташа',
  'максим',
  'кыргызстан',
  'киргизия',
  'бишкек',
  'манас',
  'россия',
  'москва',
  'админ',
  'секрет',
  'мама',
  'папа',
  'апа',
  'ата',
  'сүйүү',
  'жаным',
  'дептер',
  'свобода',
  'эркиндик',
];

const COMMON_PASSWORDS: readonly string[] = [
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  '111111',
  '000000',
  '123123',
  '654321',
  '1q2w3e4r',
  '1qaz2wsx',
  'qwerty123',
  'qwertyuiop',
  'йцукен',
  'йцукенгшщзх',
  'пароль123',
  'password1',
  'password123',
  ...COMMON_WORDS,
];

const COMMON_WORD_GUESSES_LOG10 = Math.log10(COMMON_WORDS.length * 4);

/** Rows of the keyboards people here type on (US QWERTY and Russian ЙЦУКЕН), lower case. */
const KEYBOARD_ROWS: readonly string[] = [
  '`1234567890-=',
  'qwertyuiop[]\\',
  "asdfghjkl;'",
  'zxcvbnm,./',
  'йцукенгшщзхъ',
  'фывапролджэ',
  'ячсмитьбю.',
  // Columns people walk down: 1qaz 2wsx …
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '1йфя',
  '2цыч',
  '3увс',
];
const KEYBOARD_START_GUESSES_LOG10 = Math.log10(KEYBOARD_ROWS.join('').length * 2);

const MIN_PATTERN_LENGTH = 3;

/**
 * Letters after the first of a run of 4 or more read like a word, and words
 * are far more predictable than random letters (about 2.5 bits a letter in
 * English or Russian text). Without a dictionary this is the honest middle.
 */
const WORD_MIN_LETTERS = 4;
const WORD_LETTER_GUESSES_LOG10 = 0.8;

interface CharacterClass {
  test: RegExp;
  size: number;
}

const CHARACTER_CLASSES: readonly CharacterClass[] = [
  { test: /[a-z]/, size: 26 },
  { test: /[A-Z]/, size: 26 },
  { test: /[0-9]/, size: 10 },
  // Russian 33 letters plus Kyrgyz ң ө ү.
  { test: /[а-яёңөү]/, size: 36 },
  { test: /[А-ЯЁҢӨҮ]/, size: 36 },
  { test: /[ -/:-@[-`{-~]/, size: 33 },
  // Anything else (other scripts, emoji): a large alphabet, as an attacker
  // rarely tries them; counted once as a class.
  { test: /[^a-zA-Z0-9а-яёңөүА-ЯЁҢӨҮ -/:-@[-`{-~]/u, size: 100 },
];

export function estimatePassphraseStrength(passphrase: string): PassphraseStrength {
  const characters = Array.from(passphrase);
  if (characters.length === 0) return result(0, characters.length);

  const lower = passphrase.toLowerCase();
  const wholeIndex = COMMON_PASSWORDS.indexOf(lower);
  if (wholeIndex >= 0) return result(Math.log10(wholeIndex + 2), characters.length);

  const alphabetLog10 = Math.log10(alphabetSize(characters));
  const lowerCharacters = Array.from(lower);
  const insideWord = markWordLetters(characters);
  let guessesLog10 = 0;
  let index = 0;
  while (index < lowerCharacters.length) {
    const piece = longestPatternAt(lowerCharacters, characters, index);
    if (piece !== undefined && piece.guessesLog10 < alphabetLog10 * piece.length) {
      guessesLog10 += piece.guessesLog10;
      index += piece.length;
    } else {
      guessesLog10 += insideWord[index] === true ? WORD_LETTER_GUESSES_LOG10 : alphabetLog10;
      index += 1;
    }
  }
  return result(guessesLog10, characters.length);
}

function result(guessesLog10: number, length: number): PassphraseStrength {
  let score = SCORE_THRESHOLDS.findIndex((limit) => guessesLog10 < limit);
  if (score === -1) score = SCORE_THRESHOLDS.length;
  if (length < SHORT_LENGTH) score = Math.min(score, SHORT_MAX_SCORE);
  const clamped = score as PassphraseStrength['score'];
  return {
    score: clamped,
    label: LABELS[clamped] ?? 'very_weak',
    guessesLog10: Math.round(guessesLog10 * 100) / 100,
  };
}

/** true for each letter that continues a run of at least WORD_MIN_LETTERS letters. */
function markWordLetters(characters: readonly string[]): boolean[] {
  const marks = characters.map(() => false);
  let runStart = 0;
  for (let index = 0; index <= characters.length; index++) {
    const character = characters[index];
    if (character !== undefined && /\p{L}/u.test(character)) continue;
    if (index - runStart >= WORD_MIN_LETTERS) {
      for (let position = runStart + 1; position < index; position++) marks[position] = true;
    }
    runStart = index + 1;
  }
  return marks;
}

function alphabetSize(characters: readonly string[]): number {
  let size = 0;
  for (const characterClass of CHARACTER_CLASSES) {
    if (characters.some((character) => characterClass.test.test(character))) {
      size += characterClass.size;
    }
  }
  return size;
}

interface Piece {
  length: number;
  guessesLog10: number;
}

/** The longest known pattern starting at `index`, if any. */
function longestPatternAt(
  lower: readonly string[],
  original: readonly string[],
  index: number,
): Piece | undefined {
  const candidates = [
    commonWordAt(lower, original, index),
    repeatAt(lower, index),
    sequenceAt(lower, index),
    keyboardWalkAt(lower, index),
    yearAt(lower, index),
  ].filter((piece): piece is Piece => piece !== undefined);
  let best: Piece | undefined;
  for (const piece of candidates) {
    if (best === undefined || piece.length > best.length) best = piece;
  }
  return best;
}

function commonWordAt(
  lower: readonly string[],
  original: readonly string[],
  index: number,
): Piece | undefined {
  const rest = lower.slice(index).join('');
  let longest = '';
  for (const word of COMMON_WORDS) {
    if (word.length > longest.length && Array.from(word).length >= MIN_PATTERN_LENGTH) {
      if (rest.startsWith(word)) longest = word;
    }
  }
  if (longest === '') return undefined;
  const length = Array.from(longest).length;
  const slice = original.slice(index, index + length);
  // Capitalised or all-caps variants are among the first an attacker tries.
  const caseGuessesLog10 = slice.some((character, position) =>
    position === 0 ? false : character !== character.toLowerCase(),
  )
    ? 1
    : slice[0] !== lower[index]
      ? 0.3
      : 0;
  return { length, guessesLog10: COMMON_WORD_GUESSES_LOG10 + caseGuessesLog10 };
}

function repeatAt(lower: readonly string[], index: number): Piece | undefined {
  let end = index + 1;
  while (end < lower.length && lower[end] === lower[index]) end++;
  const length = end - index;
  if (length < MIN_PATTERN_LENGTH) return undefined;
  return { length, guessesLog10: Math.log10(100 * length) };
}

function sequenceAt(lower: readonly string[], index: number): Piece | undefined {
  const first = lower[index]?.codePointAt(0);
  const second = lower[index + 1]?.codePointAt(0);
  if (first === undefined || second === undefined) return undefined;
  const step = second - first;
  if (step !== 1 && step !== -1) return undefined;
  let end = index + 2;
  while (end < lower.length) {
    const previous = lower[end - 1]?.codePointAt(0);
    const current = lower[end]?.codePointAt(0);
    if (previous === undefined || current === undefined || current - previous !== step) break;
    end++;
  }
  const length = end - index;
  if (length < MIN_PATTERN_LENGTH) return undefined;
  // Start character (~36 likely), direction, length.
  return { length, guessesLog10: Math.log10(36 * 2 * length) };
}

function keyboardWalkAt(lower: readonly string[], index: number): Piece | undefined {
  let longest = 0;
  for (const row of KEYBOARD_ROWS) {
    for (const direction of [row, Array.from(row).reverse().join('')]) {
      let length = 0;
      const position = direction.indexOf(lower[index] ?? '');
      if (position < 0) continue;
      while (
        index + length < lower.length &&
        position + length < direction.length &&
        direction[position + length] === lower[index + length]
      ) {
        length++;
      }
      longest = Math.max(longest, length);
    }
  }
  if (longest < MIN_PATTERN_LENGTH) return undefined;
  return { length: longest, guessesLog10: KEYBOARD_START_GUESSES_LOG10 + Math.log10(longest) };
}

function yearAt(lower: readonly string[], index: number): Piece | undefined {
  const text = lower.slice(index, index + 4).join('');
  if (!/^(19|20)\d\d$/.test(text)) return undefined;
  return { length: 4, guessesLog10: Math.log10(200) };
}

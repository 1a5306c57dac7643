/**
 * Folds text to a Latin "skeleton" so that a search term typed in either
 * script, in any common romanisation, finds the same words: "Бишкек" and
 * "Bishkek", "Жапаров", "Japarov", "Zhaparov" and "Dzhaparov", "Азаттык" and
 * "Azattyk". Both the haystack and the query go through the same function,
 * so the skeleton only needs to be consistent, not readable; collisions it
 * introduces (e.g. "и" and "ы" both become "i") cost a little precision and
 * never cost recall.
 *
 * Steps, in order:
 *  1. lower-case, NFC.
 *  2. Cyrillic letter by letter (Russian, Kyrgyz, Kazakh, Uzbek, Tajik):
 *       а a   б b   в v   г g   д d   е e   ё e   ж j   з z   и i   й i
 *       к k   л l   м m   н n   о o   п p   р r   с s   т t   у u   ф f
 *       х h   ц ts  ч ch  ш sh  щ sh  ъ -   ы i   ь -   э e   ю iu  я ia
 *       Kyrgyz ң ng  ө o  ү u;  Kazakh ә a  ғ g  қ k  ұ u  һ h  і i;
 *       Uzbek ў o  ҳ h  қ k  ғ g;  Tajik ӣ i  ӯ u  ҷ j;  Ukrainian є e  ї i  ґ g.
 *  3. Latin letters with meaning beyond a diacritic: č ç → ch, š ş → sh,
 *     ž → j, ñ → ng (Kyrgyz Latin ң), ı → i, ß → ss, æ → ae, ø → o, đ → d, ł → l.
 *  4. NFKD, every combining mark removed (ö → o, ü → u, é → e, ä → a), and
 *     lower-cased again (№ decomposes to "No").
 *  5. Apostrophes removed (Uzbek o'/g', O'Brien) and hyphens removed, so that
 *     "Kara-Balta", "Karabalta" and "Kara Balta" all match; any other
 *     character that is not a letter or digit becomes a space.
 *  6. Latin digraphs to the skeleton, left to right: dzh, zh, dj (also from
 *     дж) → j, shch/sch → sh, kh → h, tz → ts, x → ks, q → k; then a
 *     consonant followed by "yo" → consonant + e (Fyodor = Фёдор = Fedor).
 *  7. y → i (ы, й and the glide of ю/я/е written y, i or nothing collide),
 *     then runs of one Latin letter collapse (Kassymov = Касымов,
 *     Evgenii = Evgeny),
 *     then "ie" after a vowel or at the start of a word → e
 *     (Atambayev = Атамбаев, Yelena = Елена).
 *  8. Whitespace collapsed and trimmed.
 */

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Kyrgyz
  ң: 'ng',
  ө: 'o',
  ү: 'u',
  // Kazakh
  ә: 'a',
  ғ: 'g',
  қ: 'k',
  ұ: 'u',
  һ: 'h',
  і: 'i',
  // Uzbek and Tajik
  ў: 'o',
  ҳ: 'h',
  ӣ: 'i',
  ӯ: 'u',
  ҷ: 'j',
  // Ukrainian and Belarusian letters in names
  є: 'e',
  ї: 'i',
  ґ: 'g',
};

const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  č: 'ch',
  ç: 'ch',
  š: 'sh',
  ş: 'sh',
  ș: 'sh',
  ž: 'j',
  ñ: 'ng',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  đ: 'd',
  ł: 'l',
};

const CHARACTER_MAP: ReadonlyMap<number, string> = new Map(
  Object.entries({ ...CYRILLIC_TO_LATIN, ...LATIN_SPECIAL }).map(([ch, latin]) => [
    ch.charCodeAt(0),
    latin,
  ]),
);

/**
 * Text made only of printable ASCII, letters of the table above and common
 * punctuation needs no Unicode normalisation: NFC/NFKD would change nothing
 * the later steps care about. Skipping it is what makes folding 100,000
 * records fast. Any other character (a decomposed й, a Latin letter with a
 * diacritic, a rarer Cyrillic letter such as ӱ) takes the full path.
 */
const TABLE_LETTERS = [...CHARACTER_MAP.keys()].map((code) => String.fromCharCode(code)).join('');
const NEEDS_NORMALISATION = new RegExp(
  `[^\\t\\n\\r\\u0020-\\u007e\\u00a0\\u00ab\\u00bb\\u2010-\\u2015\\u2018-\\u201e${TABLE_LETTERS}]`,
);
const COMBINING_MARKS = /\p{M}+/gu;
const JOINERS = /['’‘ʼʻ`´\-‐‑]+/g;
const NON_WORD_ASCII = /[^a-z0-9]+/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\t\n\r\u0020-\u007e]/;
const DIGRAPHS = /dzh|shch|sch|zh|dj|kh|tz|x|q/g;
const DIGRAPH_SKELETON: Readonly<Record<string, string>> = {
  dzh: 'j',
  shch: 'sh',
  sch: 'sh',
  zh: 'j',
  dj: 'j',
  kh: 'h',
  tz: 'ts',
  x: 'ks',
  q: 'k',
};
const CONSONANT_YO = /([bcdfghjklmnprstvwz])yo/g;
const REPEATED_LETTER = /([a-z])\1+/g;
const IE_AFTER_VOWEL_OR_WORD_START = /(^|[ aeiou])ie/g;

function mapCharacters(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const mapped = CHARACTER_MAP.get(text.charCodeAt(i));
    if (mapped === undefined) continue;
    out += text.slice(copiedUpTo, i) + mapped;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** The search skeleton of `text`; see the module comment for the mapping. */
export function foldForSearch(text: string): string {
  if (!text) return '';
  let s = text.toLowerCase();
  const normalise = NEEDS_NORMALISATION.test(s);
  if (normalise) s = s.normalize('NFC');
  s = mapCharacters(s);
  // Compatibility forms can decompose to capitals (№ → No, Ⅻ → XII): lower-case once more.
  if (normalise) {
    // Letters outside the table may decompose into ones in it (ӱ → у + ◌̈): map again.
    s = mapCharacters(s.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase());
  }
  s = s.replace(JOINERS, '');
  s = NON_ASCII.test(s) ? s.replace(NON_WORD, ' ') : s.replace(NON_WORD_ASCII, ' ');
  s = s
    .replace(DIGRAPHS, (digraph) => DIGRAPH_SKELETON[digraph] ?? digraph)
    .replace(CONSONANT_YO, '$1e')
    .replaceAll('y', 'i')
    .replace(REPEATED_LETTER, '$1')
    .replace(IE_AFTER_VOWEL_OR_WORD_START, '$1e');
  return s.trim();
}

/** The query's terms, each folded; empty when the query holds nothing searchable. */
export function foldedTerms(query: string): string[] {
  const folded = foldForSearch(query);
  return folded ? folded.split(' ') : [];
}

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
 *  6. Latin digraphs to the skeleton: shch/sch → sh, zh → j, dj (from dzh,
 *     dj, дж) → j, kh → h, tz → ts, x → ks, q → k; a consonant followed by
 *     "yo" → consonant + e (Fyodor = Фёдор = Fedor).
 *  7. y → i (ы, й and the glide of ю/я/е written y, i or nothing collide),
 *     then runs of one letter collapse (Kassymov = Касымов, Evgenii = Evgeny),
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

const CHARACTER_MAP: Readonly<Record<string, string>> = { ...CYRILLIC_TO_LATIN, ...LATIN_SPECIAL };

const COMBINING_MARKS = /\p{M}+/gu;
const JOINERS = /['’‘ʼʻ`´\-‐‑]+/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const SHCH = /shch|sch/g;
const ZH = /zh/g;
const DJ = /dj/g;
const KH = /kh/g;
const TZ = /tz/g;
const X = /x/g;
const Q = /q/g;
const CONSONANT_YO = /([bcdfghjklmnprstvwz])yo/g;
const Y = /y/g;
const REPEATED_LETTER = /(\p{L})\1+/gu;
const IE_AFTER_VOWEL_OR_WORD_START = /(^|[ aeiou])ie/g;

function mapCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    const mapped = CHARACTER_MAP[ch];
    out += mapped === undefined ? ch : mapped;
  }
  return out;
}

/** The search skeleton of `text`; see the module comment for the mapping. */
export function foldForSearch(text: string): string {
  if (!text) return '';
  let s = mapCharacters(text.toLowerCase().normalize('NFC'));
  // Compatibility forms can decompose to capitals (№ → No, Ⅻ → XII): lower-case once more.
  s = s.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
  s = s.replace(JOINERS, '').replace(NON_WORD, ' ');
  s = s
    .replace(SHCH, 'sh')
    .replace(ZH, 'j')
    .replace(DJ, 'j')
    .replace(KH, 'h')
    .replace(TZ, 'ts')
    .replace(X, 'ks')
    .replace(Q, 'k')
    .replace(CONSONANT_YO, '$1e')
    .replace(Y, 'i')
    .replace(REPEATED_LETTER, '$1')
    .replace(IE_AFTER_VOWEL_OR_WORD_START, '$1e');
  return s.trim();
}

/** The query's terms, each folded; empty when the query holds nothing searchable. */
export function foldedTerms(query: string): string[] {
  const folded = foldForSearch(query);
  return folded ? folded.split(' ') : [];
}

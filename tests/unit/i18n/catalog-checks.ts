import type { Catalog, NamespaceFile } from './catalog';

/**
 * Pure checks over a loaded locale catalog. Each returns human-readable
 * problems ("ru/list.json: ...") rather than throwing, so one test run lists
 * every problem at once instead of stopping at the first.
 */

const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
type PluralCategory = (typeof PLURAL_CATEGORIES)[number];
const PLURAL_SUFFIX = new RegExp(`^(.+?)(_ordinal)?_(${PLURAL_CATEGORIES.join('|')})$`);

export interface PluralForm {
  base: string;
  ordinal: boolean;
  category: PluralCategory;
}

/** `count_few` -> {base: 'count', category: 'few'}; `count_ordinal_one` -> ordinal. */
export function pluralForm(key: string): PluralForm | undefined {
  const match = PLURAL_SUFFIX.exec(key);
  if (!match) return undefined;
  const [, base, ordinal, category] = match;
  return { base: base!, ordinal: ordinal !== undefined, category: category as PluralCategory };
}

/** The key a plural form belongs to, the same in every language ("count_few" -> "count_#plural"). */
export function normaliseKey(key: string): string {
  const form = pluralForm(key);
  if (!form) return key;
  return `${form.base}${form.ordinal ? '_#ordinal' : '_#plural'}`;
}

/** Normalised key -> the values of all its forms in one file. */
export function groupByNormalisedKey(file: NamespaceFile): Map<string, unknown[]> {
  const groups = new Map<string, unknown[]>();
  for (const [key, value] of file.entries) {
    const normalised = normaliseKey(key);
    const values = groups.get(normalised) ?? [];
    values.push(value);
    groups.set(normalised, values);
  }
  return groups;
}

function label(file: Pick<NamespaceFile, 'language' | 'namespace'>): string {
  return `${file.language}/${file.namespace}.json`;
}

function namespaces(catalog: Catalog): string[] {
  const all = new Set<string>();
  for (const files of catalog.values()) for (const ns of files.keys()) all.add(ns);
  return [...all].sort();
}

/** Every language has the same namespace files, and exactly the declared namespaces. */
export function checkFileSets(catalog: Catalog, declared: readonly string[]): string[] {
  const problems: string[] = [];
  const expected = new Set(declared);
  for (const [language, files] of catalog) {
    for (const ns of expected) {
      if (!files.has(ns)) problems.push(`${language}/${ns}.json is missing`);
    }
    for (const ns of files.keys()) {
      if (!expected.has(ns)) problems.push(`${language}/${ns}.json is not a declared namespace`);
    }
  }
  return problems;
}

/** A key (plural forms counted as one key) present in one language must be in all. */
export function checkKeyParity(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const ns of namespaces(catalog)) {
    const keysByLanguage = new Map<string, Set<string>>();
    for (const [language, files] of catalog) {
      const file = files.get(ns);
      if (file) keysByLanguage.set(language, new Set(groupByNormalisedKey(file).keys()));
    }
    const union = new Set<string>();
    for (const keys of keysByLanguage.values()) for (const key of keys) union.add(key);
    for (const [language, keys] of keysByLanguage) {
      for (const key of [...union].sort()) {
        if (!keys.has(key)) {
          const present = [...keysByLanguage].filter(([, k]) => k.has(key)).map(([l]) => l);
          problems.push(`${language}/${ns}.json lacks "${key}" (present in ${present.join(', ')})`);
        }
      }
    }
  }
  return problems;
}

/**
 * Each plural key has exactly the forms the language's plural rules use
 * (ru: one/few/many/other; ky, en: one/other). `_zero` is tolerated in any
 * language: i18next uses it for a count of 0 when present.
 */
export function checkPluralForms(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const [language, files] of catalog) {
    const required = {
      cardinal: new Intl.PluralRules(language).resolvedOptions().pluralCategories,
      ordinal: new Intl.PluralRules(language, { type: 'ordinal' }).resolvedOptions()
        .pluralCategories,
    };
    for (const file of files.values()) {
      const found = new Map<string, { ordinal: boolean; categories: Set<string> }>();
      for (const key of file.entries.keys()) {
        const form = pluralForm(key);
        if (!form) continue;
        const id = `${form.base}${form.ordinal ? '_ordinal' : ''}`;
        const entry = found.get(id) ?? { ordinal: form.ordinal, categories: new Set<string>() };
        entry.categories.add(form.category);
        found.set(id, entry);
      }
      for (const [base, { ordinal, categories }] of found) {
        const want: readonly string[] = ordinal ? required.ordinal : required.cardinal;
        const missing = want.filter((c) => !categories.has(c));
        const extra = [...categories].filter((c) => c !== 'zero' && !want.includes(c));
        if (missing.length > 0 || extra.length > 0) {
          problems.push(
            `${label(file)} "${base}": plural forms [${[...categories].sort().join(', ')}]` +
              ` but ${language} needs [${[...want].sort().join(', ')}]`,
          );
        }
      }
    }
  }
  return problems;
}

/** Every value is a non-blank string. */
export function checkValues(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const files of catalog.values()) {
    for (const file of files.values()) {
      for (const [key, value] of file.entries) {
        if (typeof value !== 'string') {
          problems.push(`${label(file)} "${key}" is ${JSON.stringify(value)}, not a string`);
        } else if (value.trim() === '') {
          problems.push(`${label(file)} "${key}" is empty`);
        }
      }
    }
  }
  return problems;
}

const INTERPOLATION = /\{\{\s*-?\s*([^},]+?)\s*(?:,[^}]*)?\}\}/g;
const NESTING = /\$t\(\s*([^,)]+?)\s*[,)]/g;

/** `{{count}}`, `{{date, datetime}}` and `$t(other.key)` references in a value. */
export function placeholders(value: string): Set<string> {
  const found = new Set<string>();
  for (const match of value.matchAll(INTERPOLATION)) found.add(`{{${match[1]}}}`);
  for (const match of value.matchAll(NESTING)) found.add(`$t(${match[1]})`);
  return found;
}

/**
 * The same key uses the same variables in every language. For plural keys
 * the union over all forms is compared: English "One record" legitimately
 * leaves {{count}} out of its `_one` form.
 */
export function checkInterpolation(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const ns of namespaces(catalog)) {
    const variables = new Map<string, Map<string, string>>(); // key -> language -> sorted list
    for (const [language, files] of catalog) {
      const file = files.get(ns);
      if (!file) continue;
      for (const [key, values] of groupByNormalisedKey(file)) {
        const union = new Set<string>();
        for (const value of values) {
          if (typeof value === 'string') for (const p of placeholders(value)) union.add(p);
        }
        const perLanguage = variables.get(key) ?? new Map<string, string>();
        perLanguage.set(language, [...union].sort().join(' ') || '(none)');
        variables.set(key, perLanguage);
      }
    }
    for (const [key, perLanguage] of variables) {
      if (new Set(perLanguage.values()).size > 1) {
        const detail = [...perLanguage].map(([l, v]) => `${l}: ${v}`).join('; ');
        problems.push(`${ns}.json "${key}" uses different variables: ${detail}`);
      }
    }
  }
  return problems;
}

/** Strips what is not prose: variables, nesting, markup of <Trans> components, URLs. */
export function prose(value: string): string {
  return value
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/\$t\([^)]*\)/g, ' ')
    .replace(/<\/?[A-Za-z0-9]+\s*\/?>/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ');
}

const WORD = /[\p{L}\p{M}]+/gu;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** Latin-script words of 3+ letters in a value, as written. */
export function latinWords(value: string): string[] {
  return (prose(value).match(WORD) ?? []).filter(
    (word) => word.length >= 3 && [...word].every((ch) => !CYRILLIC.test(ch)) && LATIN.test(word),
  );
}

/** Words that mix Cyrillic and Latin letters: almost always a look-alike letter typed by mistake. */
export function mixedScriptWords(value: string): string[] {
  return (prose(value).match(WORD) ?? []).filter((w) => LATIN.test(w) && CYRILLIC.test(w));
}

/**
 * Kyrgyz and Russian text must be translated: a value identical to English,
 * or containing Latin words, is flagged unless every Latin word in it is on
 * the allow-list (brand and product names, codes, keyboard keys).
 */
export function checkTranslated(
  catalog: Catalog,
  reference: string,
  targets: readonly string[],
  allowedLatinWords: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const referenceFiles = catalog.get(reference) ?? new Map<string, NamespaceFile>();
  for (const language of targets) {
    for (const file of (catalog.get(language) ?? new Map<string, NamespaceFile>()).values()) {
      const english = referenceFiles.get(file.namespace)?.entries;
      for (const [key, value] of file.entries) {
        if (typeof value !== 'string') continue;
        if (english?.get(key) === value) {
          // Single letters are key names ("Ctrl+N") or initials, not untranslated text.
          const words = (prose(value).match(WORD) ?? []).filter(
            (w) => w.length > 1 && !allowedLatinWords.has(w),
          );
          if (words.length > 0) {
            problems.push(`${label(file)} "${key}" is the English text: ${JSON.stringify(value)}`);
          }
          continue;
        }
        const foreign = latinWords(value).filter((word) => !allowedLatinWords.has(word));
        if (foreign.length > 0) {
          problems.push(
            `${label(file)} "${key}" has Latin words [${foreign.join(', ')}]: ${JSON.stringify(value)}`,
          );
        }
      }
    }
  }
  return problems;
}

/** Look-alike letters from the other script inside a word, in any language. */
export function checkMixedScript(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const files of catalog.values()) {
    for (const file of files.values()) {
      for (const [key, value] of file.entries) {
        if (typeof value !== 'string') continue;
        const mixed = mixedScriptWords(value);
        if (mixed.length > 0) {
          problems.push(
            `${label(file)} "${key}" mixes Cyrillic and Latin in [${mixed.join(', ')}]`,
          );
        }
      }
    }
  }
  return problems;
}

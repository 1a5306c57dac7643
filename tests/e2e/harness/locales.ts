import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../../../src/i18n/languages';
import { LOCALES_DIR } from './paths';

type Messages = Map<string, string>;

const cache = new Map<Language, Messages>();

function flatten(prefix: string, value: unknown, into: Messages): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      flatten(prefix.endsWith(':') ? `${prefix}${key}` : `${prefix}.${key}`, child, into);
    }
  }
}

/** Every message of one language as "namespace:dotted.key" -> text, read from locales/. */
export function messages(language: Language): Messages {
  const cached = cache.get(language);
  if (cached) return cached;
  const all: Messages = new Map();
  const dir = join(LOCALES_DIR, language);
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const namespace = file.slice(0, -'.json'.length);
      flatten(`${namespace}:`, JSON.parse(readFileSync(join(dir, file), 'utf8')), all);
    }
  }
  cache.set(language, all);
  return all;
}

/**
 * The text the UI shows for `key` ("namespace:dotted.key") in `language`,
 * with {{variables}} filled in, so scenarios find controls by their real,
 * translated labels and run unchanged in every language. Plural keys are
 * resolved with Intl.PluralRules like i18next does.
 */
export function tr(language: Language, key: string, vars: Record<string, string | number> = {}) {
  const all = messages(language);
  let text = all.get(key);
  if (text === undefined && typeof vars.count === 'number') {
    const category = new Intl.PluralRules(language).select(vars.count);
    text = all.get(`${key}_${category}`) ?? all.get(`${key}_other`);
  }
  if (text === undefined) throw new Error(`no message ${key} in locales/${language}`);
  return text.replace(/\{\{\s*(\w+)\s*(,[^}]*)?\}\}/g, (whole, name: string, format?: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return format && typeof value === 'number'
      ? new Intl.NumberFormat(language).format(value)
      : String(value);
  });
}

/** Escapes text for use inside a RegExp (labels may contain "(", "?" …). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-sensitive exact-match RegExp for a translated label, tolerant of surrounding whitespace. */
export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

export { LANGUAGES, type Language };

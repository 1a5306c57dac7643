import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages';
import { NAMESPACES } from '../../src/i18n';
import { VOCABULARIES } from '../../src/domain/vocabularies';
import { REGION_IDS } from '../../src/domain/regions';
import { loadCatalog } from './i18n/catalog';
import {
  checkFileSets,
  checkInterpolation,
  checkKeyParity,
  checkMixedScript,
  checkPluralForms,
  checkTranslated,
  checkValues,
} from './i18n/catalog-checks';

/**
 * Latin words that may stand in Kyrgyz and Russian text, each with the reason.
 * Keep this short: anything else is English left untranslated.
 */
const ALLOWED_LATIN_WORDS: Record<string, string> = {
  Depter: 'the product name, written the same in every language',
  age: 'the name of the encryption format and tool (age1… keys), a proper name like Depter',
  ID: 'abbreviation used as is in ky and ru interfaces (record ID)',
  KGS: 'ISO 4217 currency code',
  USD: 'ISO 4217 currency code',
  EUR: 'ISO 4217 currency code',
  RUB: 'ISO 4217 currency code',
  KZT: 'ISO 4217 currency code',
  CSV: 'file format name',
  JSON: 'file format name',
  URL: 'technical term used as is in ky and ru',
  UUID: 'identifier format name',
  SHA: 'hash algorithm name (SHA-256)',
  Ctrl: 'key label as printed on the keyboard',
  Shift: 'key label as printed on the keyboard',
  Alt: 'key label as printed on the keyboard',
  Enter: 'key label as printed on the keyboard',
  Esc: 'key label as printed on the keyboard',
};

const catalog = loadCatalog(LANGUAGES);

function report(problems: string[]): string {
  return problems.length === 0 ? '' : `\n${problems.join('\n')}\n`;
}

describe('locales/{ky,ru,en}', () => {
  it('have the same namespace files in every language, one per declared namespace', () => {
    expect(report(checkFileSets(catalog, NAMESPACES))).toBe('');
  });

  it('have the same keys in every language', () => {
    expect(report(checkKeyParity(catalog))).toBe('');
  });

  it('have exactly the plural forms each language needs', () => {
    expect(report(checkPluralForms(catalog))).toBe('');
  });

  it('have no empty or non-string values', () => {
    expect(report(checkValues(catalog))).toBe('');
  });

  it('use the same {{variables}} for a key in every language', () => {
    expect(report(checkInterpolation(catalog))).toBe('');
  });

  it('have Kyrgyz and Russian text that is translated, not English', () => {
    const allowed = new Set(Object.keys(ALLOWED_LATIN_WORDS));
    expect(report(checkTranslated(catalog, 'en', ['ky', 'ru'], allowed))).toBe('');
  });

  it('have no words mixing Cyrillic and Latin look-alike letters', () => {
    expect(report(checkMixedScript(catalog))).toBe('');
  });

  it('label every vocabulary id and region in vocab.json', () => {
    const wanted = [
      ...Object.entries(VOCABULARIES).flatMap(([name, ids]) => ids.map((id) => `${name}.${id}`)),
      ...REGION_IDS.map((id) => `region.${id}`),
    ];
    const problems = LANGUAGES.flatMap((language) => {
      const entries = catalog.get(language)?.get('vocab')?.entries ?? new Map<string, unknown>();
      return wanted
        .filter((key) => !entries.has(key))
        .map((key) => `${language}/vocab.json lacks "${key}"`);
    });
    expect(report(problems)).toBe('');
  });
});

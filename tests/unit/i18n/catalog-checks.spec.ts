import { describe, expect, it } from 'vitest';
import { flatten, type Catalog, type NamespaceFile } from './catalog';
import {
  checkFileSets,
  checkInterpolation,
  checkKeyParity,
  checkMixedScript,
  checkPluralForms,
  checkTranslated,
  checkValues,
  latinWords,
  normaliseKey,
  placeholders,
} from './catalog-checks';

type Json = Record<string, unknown>;

/** Builds a catalog from inline JSON: {ky: {list: {...}}, ...}. */
function catalogOf(languages: Record<string, Record<string, Json>>): Catalog {
  const catalog: Catalog = new Map();
  for (const [language, namespaces] of Object.entries(languages)) {
    const files = new Map<string, NamespaceFile>();
    for (const [namespace, json] of Object.entries(namespaces)) {
      files.set(namespace, { language, namespace, entries: flatten(json) });
    }
    catalog.set(language, files);
  }
  return catalog;
}

const GOOD = {
  en: {
    list: { title: 'Incidents', count_one: 'One incident', count_other: '{{count}} incidents' },
  },
  ru: {
    list: {
      title: 'Инциденты',
      count_one: '{{count}} инцидент',
      count_few: '{{count}} инцидента',
      count_many: '{{count}} инцидентов',
      count_other: '{{count}} инцидента',
    },
  },
  ky: { list: { title: 'Окуялар', count_one: '{{count}} окуя', count_other: '{{count}} окуя' } },
};

describe('locale catalog checks', () => {
  it('accept a consistent catalog', () => {
    const catalog = catalogOf(GOOD);
    expect(checkFileSets(catalog, ['list'])).toEqual([]);
    expect(checkKeyParity(catalog)).toEqual([]);
    expect(checkPluralForms(catalog)).toEqual([]);
    expect(checkValues(catalog)).toEqual([]);
    expect(checkInterpolation(catalog)).toEqual([]);
    expect(checkTranslated(catalog, 'en', ['ky', 'ru'], new Set())).toEqual([]);
    expect(checkMixedScript(catalog)).toEqual([]);
  });

  it('flatten nested objects into dotted keys and group plural forms', () => {
    expect([...flatten({ a: { b: 'x', c: { d: 'y' } } }).keys()]).toEqual(['a.b', 'a.c.d']);
    expect(normaliseKey('count_few')).toBe('count_#plural');
    expect(normaliseKey('place_ordinal_two')).toBe('place_#ordinal');
    expect(normaliseKey('violation.other')).toBe('violation.other');
    expect(normaliseKey('consent.not_given')).toBe('consent.not_given');
  });

  it('report a missing namespace file and an undeclared one', () => {
    const catalog = catalogOf({ en: { list: {}, extra: {} }, ru: { list: {} } });
    expect(checkFileSets(catalog, ['list', 'common'])).toEqual([
      'en/common.json is missing',
      'en/extra.json is not a declared namespace',
      'ru/common.json is missing',
    ]);
  });

  it('report a key present in one language only', () => {
    const catalog = catalogOf({
      ...GOOD,
      ky: { list: { ...GOOD.ky.list, subtitle: 'Бардыгы' } },
    });
    expect(checkKeyParity(catalog)).toEqual([
      'en/list.json lacks "subtitle" (present in ky)',
      'ru/list.json lacks "subtitle" (present in ky)',
    ]);
  });

  it('report Russian plurals without few/many and Kyrgyz plurals with a Russian form', () => {
    const ruWithoutFewMany = Object.fromEntries(
      Object.entries(GOOD.ru.list).filter(([key]) => !/_(few|many)$/.test(key)),
    );
    const catalog = catalogOf({
      ...GOOD,
      ru: { list: ruWithoutFewMany },
      ky: { list: { ...GOOD.ky.list, count_few: '{{count}} окуя' } },
    });
    const problems = checkPluralForms(catalog);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/ru\/list\.json "count".*needs \[few, many, one, other\]/);
    expect(problems.join('\n')).toMatch(/ky\/list\.json "count": plural forms \[few, one, other\]/);
  });

  it('tolerate an optional _zero form', () => {
    const catalog = catalogOf({ ...GOOD, en: { list: { ...GOOD.en.list, count_zero: 'None' } } });
    expect(checkPluralForms(catalog)).toEqual([]);
  });

  it('report empty, blank and non-string values', () => {
    const catalog = catalogOf({ en: { list: { a: '', b: '  \n', c: 3, d: ['x'], e: 'ok' } } });
    expect(checkValues(catalog)).toEqual([
      'en/list.json "a" is empty',
      'en/list.json "b" is empty',
      'en/list.json "c" is 3, not a string',
      'en/list.json "d" is ["x"], not a string',
    ]);
  });

  it('read variables with formats and nesting', () => {
    expect([
      ...placeholders('{{count}} on {{ date, datetime }} by {{- name}} $t(common:ok)'),
    ]).toEqual(['{{count}}', '{{date}}', '{{name}}', '$t(common:ok)']);
  });

  it('report a variable renamed in one language', () => {
    const catalog = catalogOf({
      en: { list: { shown: 'Showing {{shown}} of {{total}}' } },
      ru: { list: { shown: 'Показано {{shown}} из {{totl}}' } },
      ky: { list: { shown: '{{total}} ичинен {{shown}} көрсөтүлдү' } },
    });
    expect(checkInterpolation(catalog)).toEqual([
      'list.json "shown" uses different variables: en: {{shown}} {{total}}; ru: {{shown}} {{totl}}; ky: {{shown}} {{total}}',
    ]);
  });

  it('compare plural variables over all forms, so English may drop {{count}} from _one', () => {
    const catalog = catalogOf(GOOD);
    expect(checkInterpolation(catalog)).toEqual([]);
    const broken = catalogOf({
      ...GOOD,
      ky: { list: { title: 'Окуялар', count_one: 'Бир окуя', count_other: 'Окуялар' } },
    });
    expect(checkInterpolation(broken)).toHaveLength(1);
  });

  it('report untranslated values and Latin words in Kyrgyz and Russian', () => {
    const catalog = catalogOf({
      en: {
        common: {
          save: 'Save',
          app: 'Depter',
          export: 'Export CSV',
          key: 'Press Ctrl+S',
          new: 'Ctrl+N',
        },
      },
      ru: {
        common: {
          save: 'Save',
          app: 'Depter',
          export: 'Экспорт CSV',
          key: 'Нажмите Ctrl+S',
          new: 'Ctrl+N',
        },
      },
      ky: {
        common: {
          save: 'Сактоо',
          app: 'Depter',
          export: 'CSV export',
          key: 'Ctrl+S басыңыз',
          new: 'Ctrl+N',
        },
      },
    });
    const allowed = new Set(['Depter', 'CSV', 'Ctrl']);
    expect(checkTranslated(catalog, 'en', ['ky', 'ru'], allowed)).toEqual([
      'ky/common.json "export" has Latin words [export]: "CSV export"',
      'ru/common.json "save" is the English text: "Save"',
    ]);
  });

  it('ignore Latin inside variables, markup and URLs', () => {
    expect(latinWords('{{count}} <strong>окуя</strong> https://example.org/path')).toEqual([]);
    expect(latinWords('Мисалы: Kloop')).toEqual(['Kloop']);
  });

  it('report look-alike Latin letters inside a Cyrillic word', () => {
    // "Сактоо" with a Latin "o" at the end.
    const catalog = catalogOf({ ky: { common: { save: 'Сакто\u006f' } } });
    expect(checkMixedScript(catalog)).toEqual([
      'ky/common.json "save" mixes Cyrillic and Latin in [Сактоo]',
    ]);
  });
});

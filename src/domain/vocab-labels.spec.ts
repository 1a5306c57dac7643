import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../i18n/languages';
import { REGION_IDS, REGION_KINDS } from './regions';
import { VOCABULARIES } from './vocabularies';

const LOCALES = join(import.meta.dirname, '..', '..', 'locales');

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

const files = new Map(
  LANGUAGES.map((lng) => {
    const parsed: unknown = JSON.parse(readFileSync(join(LOCALES, lng, 'vocab.json'), 'utf8'));
    return [lng, flatten(parsed, '', new Map())] as const;
  }),
);

const requiredKeys = [
  ...Object.entries(VOCABULARIES).flatMap(([name, ids]) => ids.map((id) => `${name}.${id}`)),
  ...REGION_IDS.map((id) => `region.${id}`),
  ...REGION_KINDS.map((kind) => `regionKind.${kind}`),
];

describe('locales/*/vocab.json', () => {
  it.each(LANGUAGES)('%s labels every vocabulary id, region and region kind', (lng) => {
    const entries = files.get(lng) ?? new Map<string, unknown>();
    const missing = requiredKeys.filter((key) => {
      const label = entries.get(key);
      return typeof label !== 'string' || label.trim() === '';
    });
    expect(missing).toEqual([]);
  });

  it('has the same keys in every language and nothing beyond the vocabularies', () => {
    const expected = [...requiredKeys].sort();
    for (const lng of LANGUAGES) {
      expect([...(files.get(lng)?.keys() ?? [])].sort(), lng).toEqual(expected);
    }
  });

  it('writes Kyrgyz and Russian labels in Cyrillic, not left in English', () => {
    for (const lng of ['ky', 'ru'] as const) {
      const entries = files.get(lng) ?? new Map<string, unknown>();
      const latinOnly = requiredKeys.filter((key) => {
        // Currency codes (KGS, USD) are written in Latin in every language.
        const label = String(entries.get(key)).replace(/\([A-Z]{3}\)/, '');
        return !/[\u0400-\u04FF]/.test(label);
      });
      expect(latinOnly, lng).toEqual([]);
    }
  });

  it('uses the Kyrgyz letters where Kyrgyz place names have them', () => {
    const ky = files.get('ky');
    expect(ky?.get('region.chuy_oblast')).toBe('Чүй облусу');
    expect(ky?.get('region.issyk_kul_oblast')).toBe('Ысык-Көл облусу');
    expect(ky?.get('region.bishkek')).toBe('Бишкек шаары');
    expect(ky?.get('violation.administrative_arrest')).toBe('Административдик камак');
    expect(files.get('ru')?.get('violation.administrative_arrest')).toBe('Административный арест');
  });
});

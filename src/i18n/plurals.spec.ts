import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from './index';

/**
 * Plural and number formatting through the real locale files: the wording a
 * researcher sees for "N incidents" in each language.
 */
const i18n = i18next.createInstance();

beforeAll(async () => {
  await initI18n('ru', i18n);
});

function resultCount(language: string, count: number): string {
  return i18n
    .getFixedT(language, 'list')('resultCount', { count })
    .replace(/[\u202f\u00a0]/g, ' ');
}

describe('result count plurals', () => {
  it('uses the four Russian forms', () => {
    expect(resultCount('ru', 1)).toBe('1 инцидент');
    expect(resultCount('ru', 21)).toBe('21 инцидент');
    expect(resultCount('ru', 3)).toBe('3 инцидента');
    expect(resultCount('ru', 24)).toBe('24 инцидента');
    expect(resultCount('ru', 5)).toBe('5 инцидентов');
    expect(resultCount('ru', 11)).toBe('11 инцидентов');
    expect(resultCount('ru', 12)).toBe('12 инцидентов');
    expect(resultCount('ru', 100)).toBe('100 инцидентов');
  });

  it('uses the single Kyrgyz noun form after a number', () => {
    expect(resultCount('ky', 1)).toBe('1 окуя');
    expect(resultCount('ky', 5)).toBe('5 окуя');
  });

  it('uses one and other in English', () => {
    expect(resultCount('en', 1)).toBe('1 incident');
    expect(resultCount('en', 2)).toBe('2 incidents');
  });

  it('groups digits the way each language writes numbers', () => {
    expect(resultCount('en', 100000)).toBe('100,000 incidents');
    expect(resultCount('ru', 100000)).toBe('100 000 инцидентов');
    expect(resultCount('ky', 12345)).toBe('12 345 окуя');
  });
});

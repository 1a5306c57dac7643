import { describe, expect, it } from 'vitest';
import { numberLocale } from './intl-support';

describe('numberLocale', () => {
  it('keeps a language the runtime has data for', () => {
    expect(numberLocale('ky', () => true)).toBe('ky');
    expect(numberLocale('en', () => true)).toBe('en');
  });

  it('writes Kyrgyz numbers with Russian data when the runtime lacks Kyrgyz', () => {
    const chromium = (language: string) => language !== 'ky';
    expect(numberLocale('ky', chromium)).toBe('ru');
    expect(new Intl.NumberFormat(numberLocale('ky', chromium)).format(12345.5)).toBe(
      new Intl.NumberFormat('ky').format(12345.5),
    );
  });
});

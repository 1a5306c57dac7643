import { describe, expect, it } from 'vitest';
import { BUNDLE_ERRORS } from '../domain/api';
import { bundleErrorKey } from './bundle-error-key';
import en from '../../locales/en/exchange.json';
import ky from '../../locales/ky/exchange.json';
import ru from '../../locales/ru/exchange.json';

describe('bundle error messages', () => {
  it.each([
    ['en', en],
    ['ky', ky],
    ['ru', ru],
  ])('every code of the contract has its own non-empty message in %s', (_language, texts) => {
    const messages = BUNDLE_ERRORS.map((code) => {
      const [, name] = bundleErrorKey(code).split('.');
      return (texts.errors as Record<string, string | undefined>)[name!];
    });
    for (const message of messages) expect(message?.trim()).toBeTruthy();
    expect(new Set(messages).size).toBe(BUNDLE_ERRORS.length);
  });
});

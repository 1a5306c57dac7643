import { describe, expect, it } from 'vitest';
import {
  LANGUAGE_STORAGE_KEY,
  chooseStartLanguage,
  readStoredLanguage,
  storeLanguage,
  type KeyValueStore,
} from './language-preference';

function memoryStore(
  initial: Record<string, string> = {},
): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const failingStore: KeyValueStore = {
  getItem: () => {
    throw new Error('storage disabled');
  },
  setItem: () => {
    throw new Error('storage disabled');
  },
};

describe('stored language', () => {
  it('round-trips a chosen language', () => {
    const store = memoryStore();
    storeLanguage(store, 'ky');
    expect(store.data.get(LANGUAGE_STORAGE_KEY)).toBe('ky');
    expect(readStoredLanguage(store)).toBe('ky');
  });

  it('ignores values that are not a shipped language', () => {
    expect(readStoredLanguage(memoryStore({ [LANGUAGE_STORAGE_KEY]: 'de' }))).toBeNull();
    expect(readStoredLanguage(memoryStore())).toBeNull();
  });

  it('survives storage that throws', () => {
    expect(readStoredLanguage(failingStore)).toBeNull();
    expect(() => storeLanguage(failingStore, 'ru')).not.toThrow();
  });
});

describe('chooseStartLanguage', () => {
  it('prefers the stored choice and does not ask the OS', async () => {
    let asked = false;
    const language = await chooseStartLanguage(
      memoryStore({ [LANGUAGE_STORAGE_KEY]: 'en' }),
      async () => {
        asked = true;
        return ['ky-KG'];
      },
      [],
    );
    expect(language).toBe('en');
    expect(asked).toBe(false);
  });

  it('picks the first shipped language among the OS locales', async () => {
    expect(await chooseStartLanguage(memoryStore(), async () => ['de-DE', 'ky-KG', 'ru'], [])).toBe(
      'ky',
    );
    expect(await chooseStartLanguage(memoryStore(), async () => ['en_US'], [])).toBe('en');
  });

  it('falls back to Russian when the OS lists none of ours', async () => {
    expect(await chooseStartLanguage(memoryStore(), async () => ['de-DE', 'uz'], [])).toBe('ru');
  });

  it('uses the browser languages when the OS cannot be asked', async () => {
    const language = await chooseStartLanguage(
      memoryStore(),
      () => Promise.reject(new Error('no bridge')),
      ['en-GB'],
    );
    expect(language).toBe('en');
  });
});

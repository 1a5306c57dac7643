import { LANGUAGE_STORAGE_KEY } from '../../src/app/language-preference';
import {
  navLink,
  openApp,
  passVaultGate,
  reloadApp,
  switchLanguage,
  uiLanguage,
} from './harness/app';
import { expect, test } from './harness/fixtures';
import { LANGUAGE_NAMES } from '../../src/i18n/languages';
import { tr, type Language } from './harness/locales';

// First start: the UI language comes from the OS's preferred languages
// (window.depter.getSystemLocales), Russian when none of ours is listed.
const FIRST_START: { system: string[]; expected: Language }[] = [
  { system: ['ky-KG'], expected: 'ky' },
  { system: ['en-US'], expected: 'en' },
  { system: ['ru-RU'], expected: 'ru' },
  { system: ['de-DE'], expected: 'ru' },
  { system: ['de-DE', 'en-GB', 'ru'], expected: 'en' },
  { system: [], expected: 'ru' },
];

for (const { system, expected } of FIRST_START) {
  test.describe(`first start with system locales [${system.join(', ')}]`, () => {
    test.use({ systemLocales: system });

    test(`starts in ${expected}`, async ({ page, bridge }) => {
      await openApp(page);
      expect(await uiLanguage(page)).toBe(expected);
      await expect(page.getByTestId('language-switch')).toHaveValue(expected);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr(expected, 'list:title'));
      await expect(navLink(page, expected, 'settings')).toBeVisible();
      expect(bridge.calls.some((call) => call.method === 'getSystemLocales')).toBe(true);
    });
  });
}

test.describe('language switch', () => {
  test.use({ systemLocales: ['ru-RU'] });

  // System locale ru, chosen ky: after a reload the choice wins.
  test('changes the UI live, without a reload, and is remembered', async ({ page }) => {
    await openApp(page);
    expect(await uiLanguage(page)).toBe('ru');

    // Typed text must survive a live switch: the page is not reloaded.
    await page.getByTestId('search-input').fill('Бишкек');
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    for (const language of ['ky', 'en', 'ru', 'ky'] as const) {
      await switchLanguage(page, language);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr(language, 'list:title'));
      await expect(page.getByTestId('new-incident')).toHaveText(tr(language, 'list:newIncident'));
      await expect(page.getByTestId('search-input')).toHaveAttribute(
        'placeholder',
        tr(language, 'list:search.placeholder'),
      );
      await expect(navLink(page, language, 'incidents')).toBeVisible();
    }
    await expect(page.getByTestId('search-input')).toHaveValue('Бишкек');
    expect(navigations).toEqual([]);

    expect(await page.evaluate((key) => localStorage.getItem(key), LANGUAGE_STORAGE_KEY)).toBe(
      'ky',
    );
    await reloadApp(page);
    expect(await uiLanguage(page)).toBe('ky');
    await expect(page.getByTestId('language-switch')).toHaveValue('ky');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('ky', 'list:title'));
  });

  test('the settings screen switches the language too, and the top switch follows', async ({
    page,
  }) => {
    await openApp(page);
    await navLink(page, 'ru', 'settings').click();
    const choices = page.getByRole('group', { name: tr('ru', 'settings:language.label') });
    await expect(choices.getByRole('radio', { name: LANGUAGE_NAMES.ru })).toBeChecked();

    await choices.getByRole('radio', { name: LANGUAGE_NAMES.en }).check();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('en', 'settings:title'));
    await expect(page.getByTestId('language-switch')).toHaveValue('en');

    await page.reload();
    await passVaultGate(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr('en', 'settings:title'));
    expect(await uiLanguage(page)).toBe('en');
  });
});

import { TEST_PASSPHRASE } from './harness/app';
import { seriousAccessibilityViolations } from './harness/axe';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';
import { exactly, LANGUAGES, tr, type Language } from './harness/locales';
import { collectScreenText, findEnglish } from './harness/screen-text';
import { failUnlock, lockWithButton, recordIncident, unlockWith } from './harness/vault';

/** An incident title per language, typed as a monitor would. */
const TITLES: Record<Language, string> = {
  ky: 'Ош шаарында журналист кармалды',
  ru: 'Задержание журналиста в Оше',
  en: 'Journalist detained in Osh',
};

/** Easy to guess: the meter must call it weak and the create button stay disabled. */
const WEAK_PASSPHRASE = 'qwerty12';
const WRONG_PASSPHRASE = 'Ала-Тоо 7 жылдыз, кара көл & ак кар 2018!';

async function expectNoEnglish(page: import('@playwright/test').Page, language: Language) {
  if (language === 'en') return;
  const english = findEnglish(await collectScreenText(page), language, []);
  expect(english, english.join('\n')).toEqual([]);
}

async function expectAccessible(page: import('@playwright/test').Page, screen: string) {
  const violations = await seriousAccessibilityViolations(page);
  expect(violations, `${screen}:\n${violations.join('\n\n')}`).toEqual([]);
}

// The whole life of a vault as a user meets it, in each UI language (the
// system locale decides the language on first start): choose a passphrase,
// record, lock, mistype, unlock, find the record again.
for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ systemLocales: [language] });

    test('first start, record, lock, wrong then right passphrase, the incident is back', async ({
      page,
      bridge,
    }) => {
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      const meter = page.getByTestId('strength-meter');
      const create = page.getByTestId('create-vault');

      await test.step('a weak passphrase keeps the create button disabled', async () => {
        await expect(page.getByTestId('first-start')).toBeVisible();
        await expect(meter).toHaveAttribute('data-score', '0');
        await page.getByTestId('passphrase').fill(WEAK_PASSPHRASE);
        await page.getByTestId('passphrase-repeat').fill(WEAK_PASSPHRASE);
        await page.getByTestId('understand-no-recovery').check();
        await expect(meter).toHaveAttribute('data-score', /^[01]$/);
        await expect(page.getByText(tr(language, 'vault:create.tooWeak'))).toBeVisible();
        await expect(create).toBeDisabled();
      });

      await test.step('the first-start screen with its errors is translated and accessible', async () => {
        // A repeat that does not match shows the mismatch alert as well.
        await page.getByTestId('passphrase-repeat').fill(`${WEAK_PASSPHRASE}x`);
        await expect(
          page.getByText(tr(language, 'vault:create.mismatch'), { exact: true }),
        ).toBeVisible();
        await expectNoEnglish(page, language);
        await expectAccessible(page, 'first start with errors');
      });

      await test.step('a strong passphrase raises the meter and enables the button', async () => {
        await page.getByTestId('passphrase').fill(TEST_PASSPHRASE);
        await expect(meter).toHaveAttribute('data-score', /^[34]$/);
        await expect(meter).toContainText(
          tr(language, 'vault:strength.verdict', {
            level: tr(
              language,
              `vault:strength.level.${
                (await meter.getAttribute('data-score')) === '4' ? 'very_strong' : 'strong'
              }`,
            ),
          }),
        );
        await expect(create).toBeDisabled();
        await page.getByTestId('passphrase-repeat').fill(TEST_PASSPHRASE);
        await expect(create).toBeEnabled();
        await page.getByTestId('understand-no-recovery').uncheck();
        await expect(create).toBeDisabled();
        await page.getByTestId('understand-no-recovery').check();
        await create.click();
        await expect(page.getByTestId('result-count')).toBeVisible({ timeout: 20_000 });
        expect(bridge.vault.keys()).not.toBeNull();
      });

      const id = await recordIncident(page, language, TITLES[language]);

      await test.step('the lock button locks and forgets the keys', async () => {
        await lockWithButton(page);
        expect(bridge.vault.keys()).toBeNull();
        await expect(page.getByText(TITLES[language])).toHaveCount(0);
      });

      await test.step('a wrong passphrase is refused with a translated message', async () => {
        await failUnlock(page, language, WRONG_PASSPHRASE);
        expect(bridge.vault.keys()).toBeNull();
        await expect(page.getByTestId('unlock-passphrase')).toHaveValue('');
        await expect(
          page.getByText(tr(language, 'vault:unlock.failedAttempts', { count: 1 }), {
            exact: true,
          }),
        ).toBeVisible();
        await expectNoEnglish(page, language);
        await expectAccessible(page, 'unlock after a wrong passphrase');
      });

      await test.step('the right passphrase opens the records again', async () => {
        await unlockWith(page, TEST_PASSPHRASE);
        await expect(page.getByTestId('result-count')).toHaveText(
          exactly(tr(language, 'list:resultCount', { count: 1 })),
        );
        await page
          .getByTestId('incident-list')
          .getByRole('link', { name: TITLES[language] })
          .click();
        await expect(page).toHaveURL(new RegExp(`#/incidents/${id}$`));
        await new IncidentEditorPage(page, language).waitUntilReady();
        await expect(page.getByTestId('field-title')).toHaveValue(TITLES[language]);
      });

      await test.step('Ctrl+L locks too', async () => {
        await page.getByTestId('close-editor').click();
        await expect(page.getByTestId('search-input')).toBeVisible();
        await page.keyboard.press('Control+l');
        await expect(page.getByTestId('unlock-screen')).toBeVisible({ timeout: 20_000 });
        expect(bridge.vault.keys()).toBeNull();
        await unlockWith(page, TEST_PASSPHRASE);
        await expect(
          page.getByTestId('incident-list').getByRole('link', { name: TITLES[language] }),
        ).toBeVisible();
      });
    });
  });
}

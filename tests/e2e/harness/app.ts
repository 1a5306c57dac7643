import { expect, type Page } from '@playwright/test';
import type { Language } from '../../../src/i18n/languages';
import { exactly, tr } from './locales';

/** The passphrase every test's vault is created with (strong enough for the app's meter). */
export const TEST_PASSPHRASE = 'Ала-Тоо 7 жылдыз, кара көл & ак кар 2017!';

/**
 * Gets past the screens shown before the records are open, as the user
 * would: on first start, creates the vault with TEST_PASSPHRASE; after a
 * reload or a lock, unlocks it. Resolves once the app shell is there.
 */
export async function passVaultGate(page: Page): Promise<void> {
  const firstStart = page.getByTestId('first-start');
  const unlock = page.getByTestId('unlock-screen');
  const shell = page.locator('#main');
  await expect(firstStart.or(unlock).or(shell).first()).toBeVisible({ timeout: 20_000 });
  if (await firstStart.isVisible()) {
    await page.getByTestId('passphrase').fill(TEST_PASSPHRASE);
    await page.getByTestId('passphrase-repeat').fill(TEST_PASSPHRASE);
    await page.getByTestId('understand-no-recovery').check();
    await page.getByTestId('create-vault').click();
  } else if (await unlock.isVisible()) {
    await page.getByTestId('unlock-passphrase').fill(TEST_PASSPHRASE);
    await page.getByTestId('unlock-submit').click();
  }
  await expect(shell).toBeVisible({ timeout: 20_000 });
}

/**
 * Opens the app, passes the vault screens, and waits until the incident
 * list is usable: the search box is there and the list has finished its
 * first load.
 */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await passVaultGate(page);
  await waitForList(page);
}

/** Reloads the page (which locks the vault), unlocks, and waits for the list. */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await passVaultGate(page);
  await waitForList(page);
}

export async function waitForList(page: Page): Promise<void> {
  await expect(page.getByTestId('search-input')).toBeVisible();
  // The count appears once the full search index is built.
  await expect(page.getByTestId('result-count')).toBeVisible();
}

/** The language the UI is in, as the document says. */
export async function uiLanguage(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

export async function switchLanguage(page: Page, language: Language): Promise<void> {
  await page.getByTestId('language-switch').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Waits until the list shows `count` results (the count line is translated and pluralised). */
export async function expectResultCount(page: Page, language: Language, count: number) {
  await expect(page.getByTestId('result-count')).toHaveText(
    exactly(tr(language, 'list:resultCount', { count })),
  );
}

/** The main navigation links, by their translated names. */
export function navLink(
  page: Page,
  language: Language,
  section: 'incidents' | 'actors' | 'contacts' | 'exchange' | 'settings',
) {
  return page
    .getByRole('navigation')
    .getByRole('link', { name: tr(language, `common:nav.${section}`), exact: true });
}

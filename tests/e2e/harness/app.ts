import { expect, type Page } from '@playwright/test';
import type { Language } from '../../../src/i18n/languages';
import { exactly, tr } from './locales';

/**
 * Opens the app (or reloads it) and waits until the incident list is usable:
 * the search box is there and the list has finished its first load.
 */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`/${hash}`);
  await waitForList(page);
}

export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
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
  section: 'incidents' | 'actors' | 'settings',
) {
  return page
    .getByRole('navigation')
    .getByRole('link', { name: tr(language, `common:nav.${section}`), exact: true });
}

import { expect, type Page } from '@playwright/test';
import type { Language } from '../../../src/i18n/languages';
import { waitForList } from './app';
import { IncidentEditorPage } from './editor';
import { exactly, tr } from './locales';

/**
 * The vault screens driven step by step, for tests about the vault itself
 * (app.ts's passVaultGate gets past them in one go for every other test).
 */

/**
 * First start: types the passphrase twice, confirms the warning, creates the
 * vault; resolves once the app shell is there (on whatever screen the URL names).
 */
export async function createVaultWith(page: Page, passphrase: string): Promise<void> {
  await expect(page.getByTestId('first-start')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('passphrase').fill(passphrase);
  await page.getByTestId('passphrase-repeat').fill(passphrase);
  await page.getByTestId('understand-no-recovery').check();
  await page.getByTestId('create-vault').click();
  await expect(page.locator('#main')).toBeVisible({ timeout: 20_000 });
}

/** Submits `passphrase` on the unlock screen (the outcome is the caller's to check). */
export async function submitUnlock(page: Page, passphrase: string): Promise<void> {
  await expect(page.getByTestId('unlock-screen')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('unlock-passphrase').fill(passphrase);
  await page.getByTestId('unlock-submit').click();
}

/** Unlocks with the right passphrase; resolves once the app shell is back. */
export async function unlockWith(page: Page, passphrase: string): Promise<void> {
  await submitUnlock(page, passphrase);
  await expect(page.locator('#main')).toBeVisible({ timeout: 20_000 });
}

/** Submits a wrong passphrase and waits for the translated message. */
export async function failUnlock(page: Page, language: Language, wrong: string): Promise<void> {
  await submitUnlock(page, wrong);
  await expect(page.getByTestId('unlock-error')).toHaveText(
    exactly(tr(language, 'vault:error.wrongPassphrase')),
  );
}

/** The lock button in the top bar; resolves on the unlock screen. */
export async function lockWithButton(page: Page): Promise<void> {
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('unlock-screen')).toBeVisible({ timeout: 20_000 });
}

/** Quick wipe with its one confirmation; resolves on first start. */
export async function quickWipe(page: Page, language: Language): Promise<void> {
  await page.getByTestId('quick-wipe').click();
  const dialog = page.getByRole('dialog', { name: tr(language, 'vault:wipe.confirmTitle') });
  await expect(dialog).toBeVisible();
  await dialog
    .getByRole('button', { name: tr(language, 'vault:wipe.confirm'), exact: true })
    .click();
  await expect(page.getByTestId('first-start')).toBeVisible({ timeout: 20_000 });
}

/**
 * Creates an incident with `title` from the list, waits until autosave has
 * stored it, and goes back to the list. Returns the incident's id.
 */
export async function recordIncident(page: Page, language: Language, title: string) {
  await page.getByTestId('new-incident').click();
  const editor = new IncidentEditorPage(page, language);
  await editor.waitUntilReady();
  await page.getByTestId('field-title').fill(title);
  await editor.expectSaved();
  const id = /#\/incidents\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  if (!id) throw new Error(`no incident id in ${page.url()}`);
  await page.getByTestId('close-editor').click();
  await waitForList(page);
  return id;
}

/** The names of the IndexedDB databases of the page's origin. */
export async function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await indexedDB.databases()).map((database) => database.name ?? ''),
  );
}

import type { Page } from '@playwright/test';
import { openApp, waitForList } from './harness/app';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';

test.use({ systemLocales: ['en-US'] });

const EDITOR_URL = /#\/incidents\/[0-9a-f-]{36}$/;

/**
 * Presses Ctrl+<letter> as a Russian or Kyrgyz keyboard layout sends it:
 * the character is Cyrillic, only the physical key code is the Latin one.
 */
async function pressWithCyrillicLayout(page: Page, key: string, code: string) {
  await page.evaluate(
    ([k, c]) => {
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(
        new KeyboardEvent('keydown', {
          key: k,
          code: c,
          ctrlKey: true,
          bubbles: true,
          cancelable: true,
        }),
      );
    },
    [key, code] as const,
  );
}

test('Ctrl+N opens a new incident, Ctrl+S saves it, Escape closes it', async ({ page }) => {
  await openApp(page);
  const editor = new IncidentEditorPage(page, 'en');

  await page.keyboard.press('Control+n');
  await editor.waitUntilReady();
  await expect(page).toHaveURL(EDITOR_URL);
  await expect(editor.root.getByRole('heading', { level: 1 })).toHaveText(
    editor.label('heading.new'),
  );

  // Freeze timers: from here on only Ctrl+S can write the record, not the autosave pause.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 60_000);
  // Keyboard first: the title has the focus, so typing starts right away.
  await expect(page.getByTestId('field-title')).toBeFocused();
  await page.keyboard.type('Summons of a journalist in Osh');
  await page.keyboard.press('Control+s');
  await editor.expectSaved();
  await expect(editor.root.getByRole('heading', { level: 1 })).toHaveText(
    editor.label('heading.edit'),
  );
  await page.clock.resume();

  await page.keyboard.press('Escape');
  await waitForList(page);
  await expect(page.getByTestId('incident-list').getByRole('link')).toHaveText(
    exactly('Summons of a journalist in Osh'),
  );
});

test('"/" and Ctrl+F go to the search box, from the list and from the editor', async ({ page }) => {
  await openApp(page);
  const search = page.getByTestId('search-input');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('');

  await page.keyboard.type('Osh');
  await page.keyboard.press('Tab');
  await expect(search).not.toBeFocused();
  await page.keyboard.press('Control+f');
  await expect(search).toBeFocused();

  await page.getByTestId('new-incident').click();
  await new IncidentEditorPage(page, 'en').waitUntilReady();
  await page.keyboard.press('Control+f');
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('Osh');
});

test('shortcuts work with a Cyrillic keyboard layout', async ({ page }) => {
  await openApp(page);
  // Ctrl+N on a Russian layout arrives as key "т", code "KeyN".
  await pressWithCyrillicLayout(page, 'т', 'KeyN');
  await expect(page).toHaveURL(EDITOR_URL);
  const editor = new IncidentEditorPage(page, 'en');
  await editor.waitUntilReady();
  await page.getByTestId('field-title').fill('Задержание активиста');
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 60_000);
  // Ctrl+S arrives as "ы", code "KeyS".
  await pressWithCyrillicLayout(page, 'ы', 'KeyS');
  await editor.expectSaved();
});

test('F1 and "?" open the shortcut list; Escape closes it', async ({ page }) => {
  await openApp(page);
  const help = page.getByRole('dialog', { name: tr('en', 'common:shortcuts.title') });
  for (const key of ['F1', '?']) {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(key);
    await expect(help).toBeVisible();
    await expect(help.getByText(tr('en', 'common:shortcuts.newIncident'))).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  }
});

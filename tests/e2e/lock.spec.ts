import { openApp, passVaultGate } from './harness/app';
import { emitApiEvent } from './harness/bridge';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';

test.use({ systemLocales: ['ru-RU'] });

// Main asks the renderer to lock (idle timeout, suspend, screen lock): what
// was typed is kept, every key is forgotten, and only the passphrase opens
// the records again.
test('a lock request keeps what was typed and forgets the keys until the passphrase is entered', async ({
  page,
  bridge,
}) => {
  await openApp(page);
  expect(bridge.vault.keys()).not.toBeNull();
  await page.getByTestId('new-incident').click();
  const editor = new IncidentEditorPage(page, 'ru');
  await editor.waitUntilReady();
  const url = page.url();
  await page.getByTestId('field-title').fill('Вызов журналиста в ГКНБ');
  await page.getByTestId('field-summary').fill('Набрано перед блокировкой');

  await emitApiEvent(page, 'lockRequested');
  await expect(page.getByTestId('unlock-screen')).toBeVisible();
  expect(bridge.vault.keys()).toBeNull();
  await expect(page.getByTestId('field-title')).toHaveCount(0);

  await passVaultGate(page);
  expect(bridge.vault.keys()).not.toBeNull();
  if (page.url() !== url) await page.goto(url);
  await editor.waitUntilReady();
  await expect(page.getByTestId('field-title')).toHaveValue('Вызов журналиста в ГКНБ');
  await expect(page.getByTestId('field-summary')).toHaveValue('Набрано перед блокировкой');
});

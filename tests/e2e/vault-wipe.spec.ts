import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { navLink, TEST_PASSPHRASE, waitForList } from './harness/app';
import { expect, test, type BridgeRecorder } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import {
  createVaultWith,
  databaseNames,
  lockWithButton,
  quickWipe,
  recordIncident,
  unlockWith,
} from './harness/vault';

test.use({ systemLocales: ['ru-RU'] });

/** The files of the vault data folder that hold keys or say anything about the vault. */
const VAULT_FILES = ['keys.age', 'vault-state.json', 'evidence'];

async function dataFolderEntries(bridge: BridgeRecorder): Promise<string[]> {
  return (await readdir(bridge.dataDir)).sort();
}

/** A vault with one incident, and a failed-attempt count in vault-state.json. */
async function vaultWithData(page: Page, bridge: BridgeRecorder): Promise<void> {
  await page.goto('/');
  await createVaultWith(page, TEST_PASSPHRASE);
  await waitForList(page);
  await recordIncident(page, 'ru', 'Разгон мирного собрания у Белого дома');
  await lockWithButton(page);
  await page.getByTestId('unlock-passphrase').fill('неверная фраза');
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('unlock-error')).not.toBeEmpty();
  await unlockWith(page, TEST_PASSPHRASE);
  // Issue 4 puts evidence here; the wipe must remove the folder whatever it holds.
  await mkdir(join(bridge.dataDir, 'evidence'), { recursive: true });
  await writeFile(join(bridge.dataDir, 'evidence', '0123.age'), 'age-encryption.org/v1\n');
  expect(await dataFolderEntries(bridge)).toEqual(expect.arrayContaining(VAULT_FILES));
  expect(await databaseNames(page)).toContain('depter');
}

/** After the wipe: nothing of the vault on disk or in IndexedDB, and a new vault works. */
async function expectWipedAndUsable(page: Page, bridge: BridgeRecorder): Promise<void> {
  const left = await dataFolderEntries(bridge);
  for (const name of VAULT_FILES) expect(left, `${name} after the wipe`).not.toContain(name);
  expect(left.filter((name) => name.startsWith('keys.age'))).toEqual([]);
  await expect.poll(() => databaseNames(page)).not.toContain('depter');
  expect(bridge.vault.keys()).toBeNull();

  const fresh = 'Новая парольная фраза: река Нарын, 3 горы и 7 озёр!';
  await createVaultWith(page, fresh);
  await navLink(page, 'ru', 'incidents').click();
  await waitForList(page);
  await expect(page.getByTestId('result-count')).toHaveText(
    exactly(tr('ru', 'list:resultCount', { count: 0 })),
  );
  await recordIncident(page, 'ru', 'Иск против издания после удаления');
  await lockWithButton(page);
  // No failed attempts carried over from before the wipe.
  await expect(page.getByTestId('unlock-screen')).not.toContainText(
    tr('ru', 'vault:unlock.failedAttempts', { count: 1 }),
  );
  await unlockWith(page, fresh);
  await expect(page.getByTestId('result-count')).toHaveText(
    exactly(tr('ru', 'list:resultCount', { count: 1 })),
  );
}

test('quick wipe from the unlock screen, after one confirmation, leaves nothing and starts afresh', async ({
  page,
  bridge,
}) => {
  await vaultWithData(page, bridge);
  await lockWithButton(page);

  await test.step('cancelling the confirmation keeps everything', async () => {
    await page.getByTestId('quick-wipe').click();
    const dialog = page.getByRole('dialog', { name: tr('ru', 'vault:wipe.confirmTitle') });
    await dialog.getByRole('button', { name: tr('ru', 'vault:wipe.cancel'), exact: true }).click();
    await expect(dialog).toBeHidden();
    expect(await dataFolderEntries(bridge)).toEqual(expect.arrayContaining(VAULT_FILES));
  });

  await quickWipe(page, 'ru');
  await expectWipedAndUsable(page, bridge);
});

test('quick wipe from Settings leaves nothing and starts afresh', async ({ page, bridge }) => {
  await vaultWithData(page, bridge);
  await navLink(page, 'ru', 'settings').click();
  await expect(page.getByTestId('settings-security')).toBeVisible();
  await quickWipe(page, 'ru');
  await expectWipedAndUsable(page, bridge);
});

import { navLink, TEST_PASSPHRASE, waitForList } from './harness/app';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import {
  createVaultWith,
  failUnlock,
  lockWithButton,
  recordIncident,
  unlockWith,
} from './harness/vault';

test.use({ systemLocales: ['en-US'] });

const NEW_PASSPHRASE = 'Issyk-Kul at dawn: 4 yurts, 9 horses & a red kettle';
const TITLE = 'Defamation suit against a news site in Bishkek';

test('a changed passphrase replaces the old one and the records stay intact', async ({
  page,
  bridge,
}) => {
  await page.goto('/');
  await createVaultWith(page, TEST_PASSPHRASE);
  await waitForList(page);
  const id = await recordIncident(page, 'en', TITLE);
  const deviceId = bridge.vault.keys()?.deviceId;

  await navLink(page, 'en', 'settings').click();
  const security = page.getByTestId('settings-security');
  await expect(security).toBeVisible();
  const current = security.getByLabel(tr('en', 'vault:change.current'), { exact: true });
  const next = security.getByLabel(tr('en', 'vault:change.next'), { exact: true });
  const repeat = security.getByLabel(tr('en', 'vault:create.repeat'), { exact: true });
  const submit = security.getByRole('button', {
    name: tr('en', 'vault:change.submit'),
    exact: true,
  });

  await test.step('a wrong current passphrase changes nothing', async () => {
    await current.fill('not my passphrase at all, sorry');
    await next.fill(NEW_PASSPHRASE);
    await repeat.fill(NEW_PASSPHRASE);
    await submit.click();
    await expect(security.getByRole('status').last()).toHaveText(
      exactly(tr('en', 'vault:error.wrongCurrentPassphrase')),
    );
  });

  await test.step('the right current passphrase changes it', async () => {
    await current.fill(TEST_PASSPHRASE);
    await next.fill(NEW_PASSPHRASE);
    await repeat.fill(NEW_PASSPHRASE);
    await submit.click();
    await expect(security.getByText(tr('en', 'vault:change.done'), { exact: true })).toBeVisible({
      timeout: 20_000,
    });
    await expect(current).toHaveValue('');
  });

  await lockWithButton(page);
  await failUnlock(page, 'en', TEST_PASSPHRASE);
  await unlockWith(page, NEW_PASSPHRASE);
  expect(bridge.vault.keys()?.deviceId).toBe(deviceId);
  await navLink(page, 'en', 'incidents').click();
  await waitForList(page);
  await expect(page.getByTestId('result-count')).toHaveText(
    exactly(tr('en', 'list:resultCount', { count: 1 })),
  );
  await page.getByTestId('incident-list').getByRole('link', { name: TITLE }).click();
  await expect(page).toHaveURL(new RegExp(`#/incidents/${id}$`));
  await expect(page.getByTestId('field-title')).toHaveValue(TITLE);
});

import { TEST_PASSPHRASE } from './harness/app';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import { createVaultWith, failUnlock, lockWithButton, unlockWith } from './harness/vault';

test.use({ systemLocales: ['ky-KG'] });

// Main's real throttle (VaultService, persisted in vault-state.json): the
// first two failures cost nothing, the third makes the next attempt wait 2 s.
test('after three wrong passphrases the field is disabled while a countdown runs, then unlocks', async ({
  page,
  bridge,
}) => {
  await page.goto('/');
  await createVaultWith(page, TEST_PASSPHRASE);
  await lockWithButton(page);
  const field = page.getByTestId('unlock-passphrase');
  const submit = page.getByTestId('unlock-submit');
  const countdown = page.getByRole('timer');

  for (const attempt of [1, 2]) {
    await failUnlock(page, 'ky', `туура эмес фраза ${attempt}`);
    await expect(countdown).toHaveCount(0);
    await expect(field).toBeEnabled();
  }

  await failUnlock(page, 'ky', 'туура эмес фраза 3');
  const waiting = new RegExp(
    `^${tr('ky', 'vault:unlock.waitFor', { time: '0:0[12]' }).replace(/[()]/g, '\\$&')}$`,
  );
  await expect(countdown).toHaveText(waiting);
  await expect(field).toBeDisabled();
  await expect(submit).toBeDisabled();
  await expect(
    page.getByText(tr('ky', 'vault:unlock.failedAttempts', { count: 3 }), { exact: true }),
  ).toBeVisible();
  const state = await bridge.vault.status();
  expect(state.failedAttempts).toBe(3);
  expect(state.retryAfterMs).toBeGreaterThan(0);

  // The real wait (2 s) runs out: the field comes back, focused, and the right passphrase opens.
  await expect(countdown).toHaveCount(0, { timeout: 5_000 });
  await expect(field).toBeEnabled();
  await expect(field).toBeFocused();
  await unlockWith(page, TEST_PASSPHRASE);
  await expect(page.getByTestId('result-count')).toHaveText(
    exactly(tr('ky', 'list:resultCount', { count: 0 })),
  );
  expect((await bridge.vault.status()).failedAttempts).toBe(0);
});

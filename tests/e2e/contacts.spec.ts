import type { Page } from '@playwright/test';
import { generateVaultKeys } from '../../electron/services/vault/key-file';
import { parseContactCard, writeContactCard } from '../../src/domain/contact-card';
import { fingerprintOfSigningKey } from '../../src/domain/fingerprint';
import { navLink, openApp, passVaultGate } from './harness/app';
import { expect, test } from './harness/fixtures';
import { exactly, tr, type Language } from './harness/locales';
import { collectScreenText, findEnglish } from './harness/screen-text';

/**
 * The contacts screen as a monitor uses it: their own card (recipient equal
 * to the vault's, copied through main's clipboard), a partner added from a
 * pasted card, verified by comparing fingerprints, still verified after a
 * reload; bad pastes refused with a translated message.
 */

const PARTNER_NAME = 'Адилет — юридическая клиника';
const MY_NAME = 'Монитор в Оше';
const USER_DATA = [PARTNER_NAME, MY_NAME];

async function openContacts(page: Page, language: Language) {
  await navLink(page, language, 'contacts').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr(language, 'contacts:title'));
  await expect(page.getByTestId('my-recipient')).toBeVisible();
}

async function pasteCard(page: Page, language: Language, text: string) {
  await page.getByTestId('contact-paste').fill(text);
  await page
    .getByTestId('add-contact')
    .getByRole('button', { name: tr(language, 'contacts:add.read'), exact: true })
    .click();
}

async function expectNoEnglish(page: Page, language: Language, where: string) {
  if (language === 'en') {
    const raw = (await collectScreenText(page)).filter((line) =>
      /\b(identity|add|card|list|edit|verify)\.[a-zA-Z]/.test(line),
    );
    expect(raw, `${where}: raw message keys`).toEqual([]);
    return;
  }
  expect(findEnglish(await collectScreenText(page), language, USER_DATA), where).toEqual([]);
}

for (const language of ['ky', 'ru', 'en'] as const) {
  test.describe(`in ${language}`, () => {
    test.use({ systemLocales: [language] });

    test('my card, a partner added from a pasted card and verified, still verified after a reload', async ({
      page,
      bridge,
    }) => {
      test.setTimeout(120_000);
      await openApp(page);
      await openContacts(page, language);
      const keys = bridge.vault.keys();
      if (!keys) throw new Error('the vault is locked');
      const myFingerprint = fingerprintOfSigningKey(keys.signingPublicKey.toString('base64'));

      // My card: the vault's recipient and fingerprint, with the name shown to partners.
      await expect(page.getByTestId('my-recipient')).toHaveText(keys.ageRecipient);
      const myCard = page.getByTestId('my-card');
      await expect(
        myCard.getByRole('list', { name: tr(language, 'contacts:identity.fingerprint') }),
      ).toContainText(myFingerprint.split(' ')[5] ?? '');
      await page.getByTestId('sender-name').fill(MY_NAME);
      await myCard
        .getByRole('button', { name: tr(language, 'contacts:identity.saveName'), exact: true })
        .click();
      await expect(myCard.getByRole('status')).toHaveText(
        tr(language, 'contacts:identity.nameSaved'),
      );
      await myCard
        .getByRole('button', { name: tr(language, 'contacts:identity.copy'), exact: true })
        .click();
      await expect(myCard.getByRole('status')).toHaveText(tr(language, 'contacts:identity.copied'));
      expect(bridge.copiedTexts).toHaveLength(1);
      expect(parseContactCard(bridge.copiedTexts[0] ?? '')).toEqual({
        ok: true,
        card: {
          name: MY_NAME,
          ageRecipient: keys.ageRecipient,
          signingPublicKey: keys.signingPublicKey.toString('base64'),
        },
      });
      await myCard
        .getByRole('button', { name: tr(language, 'contacts:identity.showQr'), exact: true })
        .click();
      await expect(page.getByTestId('my-card-qr').locator('svg')).toBeVisible();
      await expectNoEnglish(page, language, 'my card with its QR code');

      // Bad pastes: a translated reason, nothing added.
      const error = page.getByTestId('contact-card-error');
      await pasteCard(page, language, 'hello, this is my key');
      await expect(error).toHaveText(tr(language, 'contacts:card.errors.NOT_A_CARD'));
      await expectNoEnglish(page, language, 'a paste that is not a card');
      const partner = generateVaultKeys();
      const partnerKey = partner.signingPublicKey.toString('base64');
      const partnerCard = writeContactCard({
        name: PARTNER_NAME,
        ageRecipient: partner.ageRecipient,
        signingPublicKey: partnerKey,
      });
      const partnerFingerprint = fingerprintOfSigningKey(partnerKey);
      const lastGroup = partnerFingerprint.slice(-5);
      const otherDigit = lastGroup.endsWith('0') ? '1' : '0';
      await pasteCard(
        page,
        language,
        partnerCard.replace(partnerFingerprint, `${partnerFingerprint.slice(0, -1)}${otherDigit}`),
      );
      await expect(error).toHaveText(tr(language, 'contacts:card.errors.FINGERPRINT_MISMATCH'));
      await pasteCard(page, language, bridge.copiedTexts[0] ?? '');
      await expect(error).toHaveText(tr(language, 'contacts:add.ownCard'));
      await expect(page.getByTestId('contact-item')).toHaveCount(0);

      // The partner's real card: previewed with its fingerprint, then added, not yet verified.
      await pasteCard(page, language, partnerCard);
      await expect(error).toHaveCount(0);
      await expect(page.getByTestId('new-contact-name')).toHaveValue(PARTNER_NAME);
      await expect(page.getByTestId('new-contact-name')).toBeFocused();
      await expect(
        page
          .getByTestId('add-contact')
          .getByRole('list', { name: tr(language, 'contacts:add.theirFingerprint') }),
      ).toContainText(lastGroup);
      await expectNoEnglish(page, language, 'a new partner previewed');
      await page
        .getByTestId('add-contact')
        .getByRole('button', { name: tr(language, 'contacts:add.submit'), exact: true })
        .click();
      const item = page.getByTestId('contact-item');
      await expect(item).toHaveCount(1);
      await expect(item.getByRole('heading', { level: 3 })).toBeFocused();
      await expect(item.getByTestId('contact-status')).toHaveText(
        tr(language, 'contacts:list.unverified'),
      );
      await expect(page.getByTestId('contacts-notice')).toHaveText(
        tr(language, 'contacts:add.added', { name: PARTNER_NAME }),
      );
      await expect(page.getByTestId('contact-paste')).toHaveValue('');

      // The same card again is refused: one partner, one contact.
      await pasteCard(page, language, partnerCard);
      await expect(error).toHaveText(
        tr(language, 'contacts:add.duplicate', { name: PARTNER_NAME }),
      );

      // Verification: their fingerprint from their key and mine, compared aloud, then marked.
      await item
        .getByRole('button', { name: tr(language, 'contacts:list.verify'), exact: true })
        .click();
      const verify = item.getByTestId('verify-contact');
      await expect(verify.getByRole('heading', { level: 4 })).toBeFocused();
      const groups = async (label: string) =>
        (
          await verify
            .getByRole('list', { name: tr(language, label), exact: true })
            .locator('.fingerprint__digits')
            .allTextContents()
        ).join(' ');
      expect(await groups('contacts:verify.theirs')).toBe(partnerFingerprint);
      expect(await groups('contacts:verify.mine')).toBe(myFingerprint);
      await expectNoEnglish(page, language, 'verifying a partner');
      await verify
        .getByRole('button', { name: tr(language, 'contacts:verify.match'), exact: true })
        .click();
      await expect(item.getByTestId('contact-status')).toHaveText(
        exactly(tr(language, 'contacts:list.verified')),
      );
      await expect(item.getByRole('heading', { level: 3 })).toBeFocused();

      // Sealed in the database: still verified after a reload (which locks and unlocks).
      await page.reload();
      await passVaultGate(page);
      await expect(page.getByTestId('my-recipient')).toBeVisible();
      await expect(page.getByTestId('contact-item')).toHaveCount(1);
      await expect(page.getByTestId('contact-status')).toHaveText(
        exactly(tr(language, 'contacts:list.verified')),
      );
      await expect(page.getByTestId('sender-name')).toHaveValue(MY_NAME);
      await expectNoEnglish(page, language, 'contacts after a reload');
    });
  });
}

test('a partner whose fingerprint does not match stays unverified, with a warning', async ({
  page,
}) => {
  const language = 'ru';
  await openApp(page);
  await openContacts(page, language);
  const partner = generateVaultKeys();
  await pasteCard(page, language, partner.ageRecipient);
  await page.getByTestId('new-contact-name').fill(PARTNER_NAME);
  await page
    .getByTestId('add-contact')
    .getByRole('button', { name: tr(language, 'contacts:add.submit'), exact: true })
    .click();
  const item = page.getByTestId('contact-item');
  // A bare recipient has no signing key: nothing to verify, and the screen says why.
  await expect(item).toContainText(tr(language, 'contacts:list.noKeyHint'));
  await expect(
    item.getByRole('button', { name: tr(language, 'contacts:list.verify'), exact: true }),
  ).toHaveCount(0);

  // Their full card replaces the keys; the comparison then fails aloud.
  await item.getByRole('button', { name: tr(language, 'contacts:list.edit'), exact: true }).click();
  await item.getByLabel(tr(language, 'contacts:edit.newCard')).fill(
    writeContactCard({
      name: PARTNER_NAME,
      ageRecipient: partner.ageRecipient,
      signingPublicKey: partner.signingPublicKey.toString('base64'),
    }),
  );
  await item.getByRole('button', { name: tr(language, 'contacts:edit.save'), exact: true }).click();
  await expect(item.getByTestId('contact-status')).toHaveText(
    tr(language, 'contacts:list.unverified'),
  );
  await item
    .getByRole('button', { name: tr(language, 'contacts:list.verify'), exact: true })
    .click();
  await item
    .getByRole('button', { name: tr(language, 'contacts:verify.mismatch'), exact: true })
    .click();
  await expect(page.getByTestId('contacts-notice')).toHaveText(
    tr(language, 'contacts:verify.mismatchWarning', { name: PARTNER_NAME }),
  );
  await expect(item.getByTestId('contact-status')).toHaveText(
    tr(language, 'contacts:list.unverified'),
  );

  // Deleting asks first.
  await item
    .getByRole('button', { name: tr(language, 'contacts:list.delete'), exact: true })
    .click();
  const dialog = page.getByRole('dialog', {
    name: tr(language, 'contacts:list.deleteTitle', { name: PARTNER_NAME }),
  });
  await dialog
    .getByRole('button', { name: tr(language, 'contacts:list.deleteConfirm'), exact: true })
    .click();
  await expect(page.getByTestId('contact-item')).toHaveCount(0);
  await expect(
    page.getByRole('heading', { level: 2, name: tr(language, 'contacts:list.heading') }),
  ).toBeFocused();
});

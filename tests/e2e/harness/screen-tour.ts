import { expect, type Page } from '@playwright/test';
import { generateVaultKeys } from '../../../electron/services/vault/key-file';
import { writeContactCard } from '../../../src/domain/contact-card';
import type { Language } from '../../../src/i18n/languages';
import { MARCH_2017 } from '../fixtures/march-2017';
import { navLink, passVaultGate, TEST_PASSPHRASE, waitForList } from './app';
import { IncidentEditorPage } from './editor';
import { tr } from './locales';
import { damageStoredIncident } from './raw-database';

/** The partner the tour adds on the contacts screen. */
const TOUR_PARTNER = 'Кылым Шамы укук коргоо борбору';

/** Everything the tour types: user data, which may be in any script. */
export const TOUR_USER_DATA = [
  TOUR_PARTNER,
  MARCH_2017.title,
  MARCH_2017.place,
  MARCH_2017.victims[1].name,
  MARCH_2017.group.description,
  MARCH_2017.proceeding.court,
  MARCH_2017.source.reference,
];

/** Every screen and state the tour shows, in order. */
export const TOUR_SCREENS = [
  'first start: choose a passphrase',
  'incident list, empty',
  'shortcut help',
  'incident editor, new',
  'person picker',
  'incident editor with a validation error',
  'unsaved incident warning',
  'incident editor, filled',
  'incident list',
  'people and organisations',
  'person record',
  'unlock',
  'settings',
  'partners and keys',
  'damaged record',
] as const;

export type ScreenName = (typeof TOUR_SCREENS)[number];

/**
 * Walks a new user through every screen and state of the app in `language`,
 * calling `visit` on each once it is fully shown, so one walk serves the
 * accessibility and translation checks alike.
 */
export async function tourScreens(
  page: Page,
  language: Language,
  visit: (screen: ScreenName) => Promise<void>,
): Promise<ScreenName[]> {
  const seen: ScreenName[] = [];
  const at = async (screen: ScreenName) => {
    seen.push(screen);
    await visit(screen);
  };
  const editor = new IncidentEditorPage(page, language);

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  const firstStart = page.getByTestId('first-start');
  await expect(firstStart.or(page.locator('#main')).first()).toBeVisible();
  if (await firstStart.isVisible()) {
    await page.getByTestId('passphrase').fill(TEST_PASSPHRASE);
    await at('first start: choose a passphrase');
  }
  await passVaultGate(page);
  await waitForList(page);
  await at('incident list, empty');

  const help = page.getByRole('dialog', { name: tr(language, 'common:shortcuts.title') });
  await page.keyboard.press('F1');
  await expect(help).toBeVisible();
  await at('shortcut help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.getByTestId('new-incident').click();
  await editor.waitUntilReady();
  await at('incident editor, new');

  await page.getByTestId('add-victim').click();
  await expect(
    editor.root.getByRole('group', { name: tr(language, 'actors:picker.title'), exact: true }),
  ).toBeVisible();
  await at('person picker');
  const journalist = MARCH_2017.victims[1];
  await editor.field('fields.title').fill(MARCH_2017.title);
  await editor.root
    .getByRole('group', { name: tr(language, 'actors:picker.title'), exact: true })
    .getByLabel(tr(language, 'actors:picker.newName'), { exact: true })
    .fill(journalist.name);
  await editor.root
    .getByRole('button', { name: tr(language, 'actors:picker.createAndAdd'), exact: true })
    .click();
  await expect(editor.row('victims', 1)).toContainText(journalist.name);
  await editor.field('fields.victims.role', editor.row('victims', 1)).selectOption('journalist');

  await editor.checkbox('category', 'assembly').check();
  await editor.checkbox('violation', 'detention').check();
  await editor.field('fields.date.precision').selectOption('range');
  await editor.field('fields.date.startByPrecision.range').fill('2017-03-20');
  await editor.field('fields.date.end').fill('2017-03-18');
  await expect(page.getByTestId('save-status')).toHaveText(
    editor.label('status.invalid', { count: 1 }),
  );
  await at('incident editor with a validation error');

  await page.getByTestId('close-editor').click();
  const warning = page.getByRole('dialog', { name: editor.label('dialogs.close.title') });
  await expect(warning).toBeVisible();
  await at('unsaved incident warning');
  await warning
    .getByRole('button', { name: editor.label('dialogs.close.cancel'), exact: true })
    .click();
  await expect(warning).toBeHidden();

  await editor.field('fields.date.precision').selectOption('day');
  await editor.field('fields.date.startByPrecision.day').fill(MARCH_2017.date);
  await editor.field('fields.location.region').selectOption(MARCH_2017.region);
  await editor.field('fields.location.place').fill(MARCH_2017.place);
  await page.getByTestId('add-group').click();
  await editor
    .field('fields.groups.outcome', editor.row('groups', 1))
    .selectOption(MARCH_2017.group.outcome);
  await editor.field('fields.groups.count', editor.row('groups', 1)).fill('5');
  await editor
    .field('fields.groups.description', editor.row('groups', 1))
    .fill(MARCH_2017.group.description);
  await page.getByTestId('add-perpetrator').click();
  await editor
    .field('fields.perpetrators.type', editor.row('perpetrators', 1))
    .selectOption('police');
  await page.getByTestId('add-proceeding').click();
  await editor
    .field('fields.proceedings.court', editor.row('proceedings', 1))
    .fill(MARCH_2017.proceeding.court);
  await page.getByTestId('add-source').click();
  await editor.field('fields.sources.type', editor.row('sources', 1)).selectOption('ngo_report');
  await editor
    .field('fields.sources.reference', editor.row('sources', 1))
    .fill(MARCH_2017.source.reference);
  await editor.expectSaved();
  await at('incident editor, filled');
  const incidentId = /#\/incidents\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';

  await page.getByTestId('close-editor').click();
  await waitForList(page);
  await expect(page.getByTestId('incident-list').getByRole('link')).toHaveCount(1);
  await at('incident list');

  await navLink(page, language, 'actors').click();
  const actors = page.getByTestId('actors-screen');
  await expect(actors).toBeVisible();
  await expect(
    actors.getByRole('button', { name: new RegExp(journalist.name.slice(0, 12)) }),
  ).toBeVisible();
  await at('people and organisations');
  await actors.getByRole('button', { name: new RegExp(journalist.name.slice(0, 12)) }).click();
  await expect(page.getByTestId('actor-editor')).toBeVisible();
  await expect(page.getByTestId('actor-editor').getByRole('textbox').first()).toBeVisible();
  await at('person record');

  // A reload locks the vault: the unlock screen, after a wrong passphrase.
  await page.reload();
  const unlock = page.getByTestId('unlock-screen');
  await expect(unlock.or(page.locator('#main')).first()).toBeVisible();
  if (await unlock.isVisible()) {
    await page.getByTestId('unlock-passphrase').fill('не тот пароль');
    await page.getByTestId('unlock-submit').click();
    await expect(page.getByTestId('unlock-error')).not.toBeEmpty();
    await at('unlock');
  }
  await passVaultGate(page);

  await navLink(page, language, 'settings').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tr(language, 'settings:title'));
  await at('settings');

  // Contacts: my card with its QR code, a partner added from their card, and their verification open.
  await navLink(page, language, 'contacts').click();
  await expect(page.getByTestId('my-recipient')).toBeVisible();
  await page
    .getByRole('button', { name: tr(language, 'contacts:identity.showQr'), exact: true })
    .click();
  const partner = generateVaultKeys();
  await page.getByTestId('contact-paste').fill(
    writeContactCard({
      name: TOUR_PARTNER,
      ageRecipient: partner.ageRecipient,
      signingPublicKey: partner.signingPublicKey.toString('base64'),
    }),
  );
  await page.getByRole('button', { name: tr(language, 'contacts:add.read'), exact: true }).click();
  await page
    .getByRole('button', { name: tr(language, 'contacts:add.submit'), exact: true })
    .click();
  await page
    .getByRole('button', { name: tr(language, 'contacts:list.verify'), exact: true })
    .click();
  await expect(page.getByTestId('verify-contact')).toBeVisible();
  await at('partners and keys');

  await damageStoredIncident(page, incidentId);
  await page.evaluate((id) => {
    location.hash = `#/incidents/${id}`;
  }, incidentId);
  await expect(page.getByTestId('damaged-record')).toBeVisible();
  await at('damaged record');

  return seen;
}

import { execFile } from 'node:child_process';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import type { Contact } from '../../src/domain/contact';
import { openApp } from './harness/app';
import { seriousAccessibilityViolations } from './harness/axe';
import { storeContact } from './harness/contacts';
import { IncidentEditorPage } from './harness/editor';
import { EvidenceSectionPage, makeProtestVideo, sha256Of } from './harness/evidence';
import { expect, test, type BridgeRecorder } from './harness/fixtures';
import { tr } from './harness/locales';
import { collectScreenText, findEnglish } from './harness/screen-text';

const run = promisify(execFile);
const LANGUAGE = 'ru';

test.use({ systemLocales: [LANGUAGE] });

/** An age identity for the partner organisation, made by Debian's age-keygen. */
async function partnerIdentity(dir: string): Promise<{ path: string; recipient: string }> {
  const path = join(dir, 'partner-key.txt');
  await run('age-keygen', ['-o', path]);
  const recipient = /# public key: (age1[0-9a-z]+)/.exec(await readFile(path, 'utf8'))?.[1];
  if (!recipient) throw new Error('age-keygen wrote no public key');
  return { path, recipient };
}

async function newIncident(page: Page, title: string): Promise<void> {
  await page.getByTestId('new-incident').click();
  const editor = new IncidentEditorPage(page, LANGUAGE);
  await editor.waitUntilReady();
  await page.getByTestId('field-title').fill(title);
  await editor.expectSaved();
}

async function attach(page: Page, bridge: BridgeRecorder, path: string, name: string) {
  const evidence = new EvidenceSectionPage(page, LANGUAGE);
  bridge.nextChosenFiles = [path];
  await evidence.attachButton().click();
  await expect(evidence.item(name)).toBeVisible({ timeout: 60_000 });
}

/** A partner known by their recipient only, as the export panel lists it. */
function addContact(page: Page, bridge: BridgeRecorder, recipient: string): Promise<Contact> {
  return storeContact(page, bridge, {
    name: 'Правозащитный центр «Кылым шамы»',
    ageRecipient: recipient,
    signingPublicKey: null,
    verified: false,
  });
}

function exchangeText(key: string, vars: Record<string, string | number> = {}): string {
  return tr(LANGUAGE, `exchange:${key}`, vars);
}

async function openExportPanel(page: Page, contactName: string): Promise<void> {
  await page.goto('/#/exchange');
  await expect(page.getByRole('heading', { name: exchangeText('export.heading') })).toBeVisible();
  await page.getByTestId('export-recipients').getByLabel(contactName).check();
}

test('export everything with a video to a partner, then changes since: nothing new', async ({
  page,
  bridge,
}, testInfo) => {
  test.setTimeout(120_000);
  const partner = await partnerIdentity(testInfo.outputPath());
  const video = await makeProtestVideo(testInfo.outputPath());
  const videoSha = await sha256Of(video);

  await openApp(page);
  const title = 'Марш 18 марта, Бишкек: задержания';
  await newIncident(page, title);
  await attach(page, bridge, video, 'protest.webm');
  const contact = await addContact(page, bridge, partner.recipient);

  await openExportPanel(page, contact.name);
  await expect(page.getByTestId('export-include-evidence')).toBeChecked();
  await page.getByTestId('export-start').click();
  const summary = page.getByTestId('export-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });

  const files = await readdir(bridge.saveDir);
  expect(files).toHaveLength(1);
  const [bundleName] = files;
  expect(bundleName).toMatch(/^depter-\d{4}-\d\d-\d\d\.depter$/);
  await expect(page.getByTestId('export-summary-files')).toHaveText(bundleName!);
  const bundlePath = join(bridge.saveDir, bundleName!);
  const bundleSha = await sha256Of(bundlePath);
  await expect(page.getByTestId('export-summary-sha256')).toHaveText(bundleSha);
  await expect(page.getByTestId('export-summary-counts')).toHaveText(
    exchangeText('export.summary.counts', { incidents: 1, actors: 0, evidence: 1 }),
  );

  await test.step('the panel and its summary are accessible and in Russian', async () => {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const shown = await collectScreenText(page);
    expect(findEnglish(shown, LANGUAGE, [bundleName!, bundleSha, contact.name])).toEqual([]);
  });

  await test.step("the partner's Debian age decrypts it to the manifest, records and video", async () => {
    const { stdout } = await run('sh', [
      '-ec',
      `age -d -i "${partner.path}" "${bundlePath}" | tar -t`,
    ]);
    const names = stdout.trim().split('\n');
    expect(names).toEqual(
      expect.arrayContaining(['manifest.json', 'incidents.jsonl', `evidence/${videoSha}.webm`]),
    );
  });

  await test.step('changes since the last bundle to this contact: none, and no file', async () => {
    await page.getByTestId('export-scope-since').check();
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-nothing-new')).toHaveText(
      exchangeText('export.nothingNew'),
    );
    expect(await readdir(bridge.saveDir)).toEqual([bundleName]);
  });

  await test.step('a chosen incident, found by search, to the same file name: refused, file kept', async () => {
    await page.getByTestId('export-scope-selection').check();
    await page.getByLabel(exchangeText('export.selection.search')).fill('bishkek');
    await page.getByLabel(title).check();
    await expect(
      page.getByText(exchangeText('export.selection.count', { selected: 1, total: 1 })),
    ).toBeVisible();
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-error')).toHaveAttribute('data-error', 'OUTPUT_EXISTS');
    await expect(page.getByTestId('export-error')).toHaveText(exchangeText('errors.OUTPUT_EXISTS'));
    expect(await sha256Of(bundlePath)).toBe(bundleSha);
  });
});

test('cancelling an export mid-way leaves no file', async ({ page, bridge }, testInfo) => {
  test.setTimeout(180_000);
  const partner = await partnerIdentity(testInfo.outputPath());
  // Large enough that writing it takes longer than a click; zeros cost nothing to make.
  const big = testInfo.outputPath('interview-recording.bin');
  const handle = await open(big, 'w');
  await handle.truncate(384 * 1024 * 1024);
  await handle.close();

  await openApp(page);
  await newIncident(page, 'Иск о защите чести против новостного сайта');
  await attach(page, bridge, big, 'interview-recording.bin');
  const contact = await addContact(page, bridge, partner.recipient);

  await openExportPanel(page, contact.name);
  await page.getByTestId('export-start').click();
  const cancel = page.getByTestId('export-cancel');
  await cancel.click({ timeout: 30_000 });
  await expect(page.getByTestId('export-error')).toHaveAttribute('data-error', 'CANCELLED', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('export-error')).toHaveText(exchangeText('errors.CANCELLED'));
  expect(await readdir(bridge.saveDir)).toEqual([]);
});

import { rm } from 'node:fs/promises';
import { chromium, type Page } from '@playwright/test';
import { navLink, TEST_PASSPHRASE, waitForList } from './harness/app';
import { connectDepterServices } from './harness/depter-services';
import { scanForMarkers } from './harness/disk-scan';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness/paths';
import { watchRendererErrors } from './harness/renderer-errors';
import { createVaultWith, lockWithButton } from './harness/vault';

const LANGUAGE = 'ru';

/**
 * Hands out a unique marker per text field and remembers its words: most
 * fields get a Cyrillic and a Latin word (V8 then stores the string as
 * UTF-16LE), some only a Latin one (stored as one-byte Latin-1), so both of
 * Chromium's string forms are exercised. Numbers start at 11 so no marker is
 * a prefix of another.
 */
function markerWriter(into: string[]) {
  let n = 10;
  return (latinOnly = false) => {
    n += 1;
    const latin = `MARKER${n}QX`;
    const cyrillic = `МАРКЕР${n}ЖЫ`;
    into.push(...(latinOnly ? [latin] : [cyrillic, latin]));
    return latinOnly ? latin : `${cyrillic} ${latin}`;
  };
}

/** Strings the test writes in clear into another IndexedDB database of the same origin. */
const CONTROL = { cyrillic: 'КОНТРОЛЬ5ЖЫ открытым текстом', latin: 'CONTROLQX5 in clear' };
const CONTROL_WORDS = ['КОНТРОЛЬ5ЖЫ', 'CONTROLQX5'];

async function writeClearControl(page: Page): Promise<void> {
  await page.evaluate(
    (control) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('scan-control', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('notes');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const transaction = db.transaction('notes', 'readwrite');
          transaction.objectStore('notes').put(control, 'control');
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    CONTROL,
  );
}

// The seized-laptop case in the real browser: the IndexedDB, drafts, local
// storage and every other file Chromium keeps in its profile, and the vault
// data folder, read as bytes after a lock. Not one word typed by the user may
// be there; a clear-text control in the same profile proves the scan would see it.
test('nothing typed into records, actors or drafts is readable in the Chromium profile or the data folder', async ({
  rendererServer,
}, testInfo) => {
  test.setTimeout(120_000);
  const profileDir = testInfo.outputPath('chromium-profile');
  const dataDir = testInfo.outputPath('app-data');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    baseURL: `${rendererServer.origin}/`,
  });
  const written: string[] = [];
  const marker = markerWriter(written);
  try {
    const bridge = await connectDepterServices(context, {
      origin: rendererServer.origin,
      systemLocales: [LANGUAGE],
      dataDir,
      saveDir: testInfo.outputPath('saved-files'),
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = watchRendererErrors(page);
    await page.goto('/');
    await createVaultWith(page, TEST_PASSPHRASE);
    await waitForList(page);
    const editor = new IncidentEditorPage(page, LANGUAGE);

    await test.step('an incident with a marker in every text field, autosaved', async () => {
      await page.getByTestId('new-incident').click();
      await editor.waitUntilReady();
      await page.getByTestId('field-title').fill(marker());
      await page.getByTestId('field-summary').fill(marker());
      await editor.field('fields.location.settlement').fill(marker());
      await editor.field('fields.location.place').fill(marker());
      await editor.addNewVictim(marker(), 'person', 'journalist', 1);
      await editor.field('fields.victims.note', editor.row('victims', 1)).fill(marker());
      await page.getByTestId('add-group').click();
      const group = editor.row('groups', 1);
      await editor.field('fields.groups.outcome', group).selectOption('detained');
      await editor.field('fields.groups.count', group).fill('105');
      await editor.field('fields.groups.description', group).fill(marker());
      await page.getByTestId('add-perpetrator').click();
      const perpetrator = editor.row('perpetrators', 1);
      await editor.field('fields.perpetrators.type', perpetrator).selectOption('police');
      await editor.field('fields.perpetrators.description', perpetrator).fill(marker());
      await page.getByTestId('add-proceeding').click();
      const proceeding = editor.row('proceedings', 1);
      await editor.field('fields.proceedings.court', proceeding).fill(marker());
      await editor.field('fields.proceedings.caseNumber', proceeding).fill(marker(true));
      await editor.field('fields.proceedings.charges', proceeding).fill(marker());
      await editor.field('fields.proceedings.sentence', proceeding).fill(marker());
      await editor.field('fields.proceedings.note', proceeding).fill(marker());
      await page.getByTestId('add-source').click();
      const source = editor.row('sources', 1);
      await editor.field('fields.sources.type', source).selectOption('ngo_report');
      await editor.field('fields.sources.reference', source).fill(marker(true));
      await editor.field('fields.notes').fill(marker());
      await editor.expectSaved();
      await page.getByTestId('close-editor').click();
      await waitForList(page);
    });

    await test.step('a person with a marker in every text field, autosaved', async () => {
      await navLink(page, LANGUAGE, 'actors').click();
      await page.getByTestId('new-person').click();
      const actor = page.getByTestId('actor-editor');
      const label = (key: string, vars: Record<string, number> = {}) =>
        actor.getByLabel(tr(LANGUAGE, `actors:fields.${key}`, vars), { exact: true });
      await label('name').fill(marker());
      // The button reads "+ <label>"; its id is stable.
      await actor.locator('#actor-add-variant').click();
      await label('variant', { n: 1 }).fill(marker(true));
      await label('affiliation').fill(marker());
      await label('description').fill(marker());
      await label('notes').fill(marker());
      await expect(page.getByTestId('actor-save-status')).toHaveText(
        exactly(tr(LANGUAGE, 'actors:status.saved')),
        { timeout: 15_000 },
      );
    });

    await test.step('a draft that cannot be saved as a record, with a marker typed', async () => {
      await navLink(page, LANGUAGE, 'incidents').click();
      await waitForList(page);
      await page.getByTestId('new-incident').click();
      await editor.waitUntilReady();
      // An end date before the start keeps it a draft: only the draft store holds it.
      await editor.field('fields.date.precision').selectOption('range');
      await editor.field('fields.date.startByPrecision.range').fill('2017-04-08');
      await editor.field('fields.date.end').fill('2017-03-20');
      await page.getByTestId('field-title').fill(marker());
      await expect(page.getByTestId('save-status')).toHaveText(
        exactly(editor.label('status.invalid', { count: 1 })),
      );
    });

    await writeClearControl(page);
    // The lock flushes the draft first, then forgets the keys and reloads.
    await lockWithButton(page);
    await expect(page.getByTestId('unlock-screen')).toBeVisible();
    expect(bridge.vault.keys()).toBeNull();
    expect(errors, 'uncaught errors or CSP violations in the renderer').toEqual([]);
  } finally {
    await context.close();
  }

  const scan = await scanForMarkers(
    [profileDir, dataDir],
    [...written, TEST_PASSPHRASE, ...CONTROL_WORDS],
  );
  testInfo.annotations.push({
    type: 'scanned',
    description: `${scan.filesScanned} files, ${scan.bytesScanned} bytes`,
  });
  expect(scan.unreadable).toEqual([]);
  // 2 Cyrillic+Latin markers per field, Latin only in three fields.
  expect(written.length).toBeGreaterThan(30);

  await test.step('the control: text stored in clear IS found by the same scan', async () => {
    const controlHits = scan.hits.filter((hit) => CONTROL_WORDS.includes(hit.marker));
    // V8 stores a string with Cyrillic as UTF-16LE, an all-Latin one as Latin-1 bytes.
    // Found in the origin's IndexedDB files, where the app's records sit too.
    const inIndexedDb = expect.stringMatching(
      /^Default\/IndexedDB\/http_127\.0\.0\.1_\d+\.indexeddb\./,
    );
    expect(controlHits).toContainEqual({
      marker: 'КОНТРОЛЬ5ЖЫ',
      encoding: 'utf16le',
      file: inIndexedDb,
    });
    expect(controlHits).toContainEqual({
      marker: 'CONTROLQX5',
      encoding: 'latin1',
      file: inIndexedDb,
    });
  });

  await test.step('no marker, and not the passphrase, in any encoding, in any file', async () => {
    const leaks = scan.hits.filter((hit) => !CONTROL_WORDS.includes(hit.marker));
    expect(
      leaks,
      leaks.map((hit) => `${hit.marker} as ${hit.encoding} in ${hit.file}`).join('\n'),
    ).toEqual([]);
  });

  // The profile holds nothing readable, but it is still the test's to clean up.
  await rm(profileDir, { recursive: true, force: true });
});

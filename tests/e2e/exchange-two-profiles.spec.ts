import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openApp, waitForList } from './harness/app';
import { cardOf, storeContact } from './harness/contacts';
import { connectDepterServices, type BridgeRecorder } from './harness/depter-services';
import { IncidentEditorPage } from './harness/editor';
import {
  EvidenceSectionPage,
  filesIn,
  makeProtestVideo,
  seekVideoToMiddle,
  sha256Of,
  videoShowsPicture,
} from './harness/evidence';
import { expect, test } from './harness/fixtures';
import { tr } from './harness/locales';
import { watchRendererErrors } from './harness/renderer-errors';
import { seriousAccessibilityViolations } from './harness/axe';
import { collectScreenText, findEnglish } from './harness/screen-text';
import { signingKeyFingerprint } from '../../electron/services/bundle/manifest';

/**
 * The flagship scenario, on two devices (two browser profiles, each
 * with its own data folder, vault and evidence store): monitor A records an
 * incident with a protest video and sends it to partner B as a bundle; B
 * imports it, is told plainly who sent it, finds the incident and plays the
 * video. Importing it again changes nothing; a file that is not a bundle
 * is refused and changes nothing either.
 */

const LANGUAGE = 'ky';
const TITLE = '18-март, Бишкек: тынч жыйында кармалгандар';
const VIDEO_NAME = 'protest.webm';

test.use({ systemLocales: [LANGUAGE] });

/** The evidence store's files, split into committed and waiting in incoming/. */
async function storeFiles(evidenceDir: string) {
  const all = await filesIn(evidenceDir);
  const waiting = all.filter((path) => path.startsWith(join(evidenceDir, 'incoming')));
  return { committed: all.filter((path) => !waiting.includes(path)), waiting };
}

function text(key: string, vars: Record<string, string | number> = {}): string {
  return tr(LANGUAGE, `exchange:${key}`, vars);
}

async function recordIncidentWithVideo(page: Page, bridge: BridgeRecorder, video: string) {
  await page.getByTestId('new-incident').click();
  const editor = new IncidentEditorPage(page, LANGUAGE);
  await editor.waitUntilReady();
  await page.getByTestId('field-title').fill(TITLE);
  await editor.expectSaved();
  const evidence = new EvidenceSectionPage(page, LANGUAGE);
  bridge.nextChosenFiles = [video];
  await evidence.attachButton().click();
  await expect(evidence.item(VIDEO_NAME)).toBeVisible({ timeout: 60_000 });
}

/** Through the import panel: choose `path`, and wait for the summary or an error. */
async function openBundleOnB(page: Page, bridge: BridgeRecorder, path: string) {
  await page.goto('/#/exchange');
  const panel = page.getByTestId('import-panel');
  await expect(panel.getByRole('heading', { name: text('import.heading') })).toBeVisible();
  bridge.nextChosenFiles = [path];
  await panel.getByTestId('import-choose').click();
  await expect(
    panel.getByTestId('import-summary').or(panel.getByTestId('import-error')),
  ).toBeVisible({ timeout: 60_000 });
  return panel;
}

test('a video incident travels from device A to device B in a bundle', async ({
  page,
  bridge,
  browser,
  rendererServer,
}, testInfo) => {
  test.setTimeout(240_000);

  // Device B: a second profile with its own data folder. It serves playback from now on.
  const contextB = await browser.newContext({ baseURL: `${rendererServer.origin}/` });
  const bridgeB = await connectDepterServices(contextB, {
    origin: rendererServer.origin,
    systemLocales: [LANGUAGE],
    dataDir: testInfo.outputPath('device-b', 'app-data'),
    saveDir: testInfo.outputPath('device-b', 'saved-files'),
    playbackServer: rendererServer,
  });
  const pageB = await contextB.newPage();
  const errorsB = watchRendererErrors(pageB);

  try {
    await openApp(pageB);
    const video = await makeProtestVideo(testInfo.outputPath());

    let bundlePath = '';
    await test.step('A records the incident with a video and exports it to B', async () => {
      await openApp(page);
      await recordIncidentWithVideo(page, bridge, video);
      const partnerB = await storeContact(page, bridge, cardOf(bridgeB, 'Өнөктөш B'));
      await page.goto('/#/exchange');
      await page.getByTestId('export-recipients').getByLabel(partnerB.name).check();
      await page.getByTestId('export-start').click();
      await expect(page.getByTestId('export-summary')).toBeVisible({ timeout: 60_000 });
      const written = await readdir(bridge.saveDir);
      expect(written).toHaveLength(1);
      bundlePath = join(bridge.saveDir, written[0]!);
    });

    const keysA = bridge.vault.keys()!;
    const fingerprintA = signingKeyFingerprint(keysA.signingPublicKey);
    const storeBefore = await storeFiles(bridgeB.evidenceDir);

    await test.step('B opens it: an UNKNOWN sender, said plainly, with the fingerprint', async () => {
      const panel = await openBundleOnB(pageB, bridgeB, bundlePath);
      const trust = panel.getByTestId('import-sender-trust');
      await expect(trust).toHaveAttribute('data-trust', 'unknown');
      await expect(trust).toHaveText(text('import.trust.unknown'));
      await expect(panel.getByTestId('import-fingerprint')).toHaveText(fingerprintA);
      // The same SHA-256 the sender's export summary showed, to compare aloud.
      await expect(panel.getByTestId('import-sha256')).toHaveText(await sha256Of(bundlePath));
      await expect(panel.getByTestId('import-count-incidents')).toHaveText('1');
      // Nothing is kept before the user decides: the video waits uncommitted.
      const opened = await storeFiles(bridgeB.evidenceDir);
      expect(opened.committed).toEqual(storeBefore.committed);
      expect(opened.waiting).toHaveLength(1);
      expect(await seriousAccessibilityViolations(pageB)).toEqual([]);
      const shown = await collectScreenText(pageB);
      const names = [TITLE, fingerprintA, bundlePath, await sha256Of(bundlePath)];
      expect(findEnglish(shown, LANGUAGE, names)).toEqual([]);
    });

    await test.step('leaving the screen with the bundle undecided keeps nothing', async () => {
      await pageB.goto('/#/');
      await waitForList(pageB);
      await expect.poll(() => storeFiles(bridgeB.evidenceDir)).toEqual(storeBefore);
      const panel = await openBundleOnB(pageB, bridgeB, bundlePath);
      await expect(panel.getByTestId('import-summary')).toBeVisible();
    });

    await test.step('"Do not import" keeps nothing; B opens it again', async () => {
      const panel = pageB.getByTestId('import-panel');
      await panel.getByTestId('import-decline').click();
      await expect(panel.getByTestId('import-declined')).toHaveText(text('import.declined'));
      expect(await storeFiles(bridgeB.evidenceDir)).toEqual(storeBefore);
      await openBundleOnB(pageB, bridgeB, bundlePath);
      await expect(panel.getByTestId('import-sender-trust')).toHaveAttribute(
        'data-trust',
        'unknown',
      );
    });

    await test.step('B imports it and sees the report', async () => {
      const panel = pageB.getByTestId('import-panel');
      await panel.getByTestId('import-confirm').click();
      const report = panel.getByTestId('import-report');
      await expect(report).toBeVisible({ timeout: 30_000 });
      await expect(
        report.getByTestId('import-report-incidents').getByRole('cell').first(),
      ).toHaveText('1');
      await expect(report.getByTestId('import-report-evidence')).toHaveText(
        text('import.report.evidence', { records: 1, files: 1 }),
      );
      const imported = await storeFiles(bridgeB.evidenceDir);
      expect(imported.waiting).toEqual([]);
      expect(imported.committed).toHaveLength(storeBefore.committed.length + 1);
      expect(await seriousAccessibilityViolations(pageB)).toEqual([]);
      expect(findEnglish(await collectScreenText(pageB), LANGUAGE, [TITLE])).toEqual([]);
    });

    await test.step('B finds the incident, opens it and plays the video to the middle', async () => {
      await pageB.goto('/#/');
      await waitForList(pageB);
      await pageB.getByTestId('incident-list').getByRole('link', { name: TITLE }).click();
      const evidence = new EvidenceSectionPage(pageB, LANGUAGE);
      const item = evidence.item(VIDEO_NAME);
      await expect(item).toBeVisible({ timeout: 20_000 });
      await evidence.button(item, 'actions.play').click();
      const seeked = await seekVideoToMiddle(pageB);
      expect(seeked.duration).toBeGreaterThan(5);
      expect(Math.abs(seeked.currentTime - seeked.target)).toBeLessThan(0.5);
      expect(await videoShowsPicture(pageB)).toBe(true);
    });

    await test.step('after adding A as a contact, the same file again: known, not verified, nothing changed', async () => {
      await storeContact(pageB, bridgeB, cardOf(bridge, 'Монитор A'));
      const before = await filesIn(bridgeB.evidenceDir);
      const panel = await openBundleOnB(pageB, bridgeB, bundlePath);
      const trust = panel.getByTestId('import-sender-trust');
      await expect(trust).toHaveAttribute('data-trust', 'unverified');
      await expect(trust).toHaveText(text('import.trust.unverified', { name: 'Монитор A' }));
      await panel.getByTestId('import-confirm').click();
      await expect(panel.getByTestId('import-nothing-changed')).toHaveText(
        text('import.report.nothingChanged'),
      );
      expect(await filesIn(bridgeB.evidenceDir)).toEqual(before);
    });

    await test.step('a file that is not a bundle: a translated error, nothing changed', async () => {
      const notes = testInfo.outputPath('notes.depter');
      await writeFile(notes, 'Жыйындын протоколу, пакет эмес.\n');
      const before = await filesIn(bridgeB.evidenceDir);
      const panel = await openBundleOnB(pageB, bridgeB, notes);
      const error = panel.getByTestId('import-error');
      await expect(error).toHaveAttribute('data-error', 'NOT_A_BUNDLE');
      await expect(error).toContainText(text('errors.NOT_A_BUNDLE'));
      expect(await filesIn(bridgeB.evidenceDir)).toEqual(before);
      await pageB.goto('/#/');
      await waitForList(pageB);
      await expect(pageB.getByTestId('incident-list').getByRole('link')).toHaveCount(1);
    });

    expect(errorsB, 'uncaught errors or CSP violations on device B').toEqual([]);
  } finally {
    bridgeB.dispose();
    await contextB.close();
  }
});

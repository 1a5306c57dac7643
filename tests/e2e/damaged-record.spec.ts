import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectResultCount, openApp, reloadApp } from './harness/app';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import { damageStoredIncident } from './harness/raw-database';

test.use({ systemLocales: ['ru-RU'] });

const TITLE = 'Разгон акции у Белого дома';

test('a damaged record is listed with a warning, explained, and exported as raw JSON', async ({
  page,
  bridge,
}) => {
  await openApp(page);
  await page.getByTestId('new-incident').click();
  const editor = new IncidentEditorPage(page, 'ru');
  await editor.waitUntilReady();
  await editor.field('fields.title').fill(TITLE);
  await editor.expectSaved();
  const id = /#\/incidents\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  await page.getByTestId('close-editor').click();

  const damage = await damageStoredIncident(page, id!);
  await reloadApp(page);

  await test.step('listed, marked, never dropped', async () => {
    await expectResultCount(page, 'ru', 1);
    const list = page.getByTestId('incident-list');
    await expect(list.getByText(tr('ru', 'list:damaged.badge'))).toBeVisible();
    await expect(list.getByText(tr('ru', 'list:damaged.hint'))).toBeVisible();
    // A body that still opens keeps its title; a sealed box that no longer
    // opens cannot say what it was.
    await expect(list.getByRole('link')).toHaveText(
      exactly(damage === 'schema' ? TITLE : tr('ru', 'list:untitled')),
    );
  });

  await test.step('opens with a clear message instead of the editor', async () => {
    await page.getByTestId('incident-list').getByRole('link').click();
    const view = page.getByTestId('damaged-record');
    await expect(view).toBeVisible();
    await expect(view.getByRole('heading', { level: 1 })).toHaveText(
      tr('ru', 'editor:damaged.title.incident'),
    );
    await expect(view.getByText(tr('ru', 'editor:damaged.explanation'))).toBeVisible();
    await expect(view.getByRole('listitem').first()).toContainText(
      damage === 'schema' ? 'victims' : 'body',
    );
    await expect(page.getByTestId('field-title')).toHaveCount(0);
  });

  await test.step('exports the stored value through saveTextFile', async () => {
    await page
      .getByRole('button', { name: tr('ru', 'editor:damaged.export'), exact: true })
      .click();
    await expect(
      page.getByTestId('damaged-record').getByText(tr('ru', 'editor:damaged.result.saved')),
    ).toBeVisible();
    const files = await readdir(bridge.saveDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(id);
    const exported = JSON.parse(await readFile(join(bridge.saveDir, files[0]!), 'utf8')) as {
      id: string;
      problems: string[];
      raw: { id: string; body: unknown };
    };
    expect(exported.id).toBe(id);
    expect(exported.problems.length).toBeGreaterThan(0);
    expect(exported.raw.id).toBe(id);
    expect(exported.raw.body).toBeTruthy();
  });

  await test.step('a cancelled save dialog says nothing was saved', async () => {
    bridge.cancelNextSave = true;
    await page
      .getByRole('button', { name: tr('ru', 'editor:damaged.export'), exact: true })
      .click();
    await expect(
      page.getByTestId('damaged-record').getByText(tr('ru', 'editor:damaged.result.cancelled')),
    ).toBeVisible();
    expect(await readdir(bridge.saveDir)).toHaveLength(1);
  });

  await test.step('still there after closing and reloading', async () => {
    await page.getByTestId('close-editor').click();
    await reloadApp(page);
    await expectResultCount(page, 'ru', 1);
    await expect(
      page.getByTestId('incident-list').getByText(tr('ru', 'list:damaged.badge')),
    ).toBeVisible();
  });
});

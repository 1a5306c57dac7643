import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectResultCount, openApp, reloadApp } from './harness/app';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import { writeRawRow } from './harness/raw-database';

test.use({ systemLocales: ['ru-RU'] });

const DAMAGED_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** A row as an older or broken version might have left it: the envelope is fine, the body is not. */
const DAMAGED_ROW = {
  id: DAMAGED_ID,
  rev: 3,
  updatedAt: '2017-03-19T08:15:00.000Z',
  updatedBy: 'old-laptop',
  changeSeq: 1,
  deleted: false,
  body: {
    title: 'Разгон акции у Белого дома (старая запись)',
    summary: 'Запись из старой версии программы.',
    date: '25.03.2017',
    categories: ['assembly', 'unknown-category'],
    victims: 'около 100 задержанных',
  },
};

test('a damaged record is listed with a warning, explained, and exported as raw JSON', async ({
  page,
  bridge,
}) => {
  await openApp(page);
  await writeRawRow(page, 'incidents', DAMAGED_ROW);
  await reloadApp(page);

  await test.step('listed, marked, never dropped', async () => {
    await expectResultCount(page, 'ru', 1);
    const list = page.getByTestId('incident-list');
    await expect(list.getByText(tr('ru', 'list:damaged.badge'))).toBeVisible();
    await expect(list.getByText(tr('ru', 'list:damaged.hint'))).toBeVisible();
    // The title a damaged row still carries tells the monitor which record broke.
    await expect(list.getByRole('link')).toHaveText(exactly(DAMAGED_ROW.body.title));
  });

  await test.step('opens with a clear message instead of the editor', async () => {
    await page.getByTestId('incident-list').getByRole('link').click();
    const view = page.getByTestId('damaged-record');
    await expect(view).toBeVisible();
    await expect(view.getByRole('heading', { level: 1 })).toHaveText(
      tr('ru', 'editor:damaged.title.incident'),
    );
    await expect(view.getByText(tr('ru', 'editor:damaged.explanation'))).toBeVisible();
    // The problems name the broken fields.
    await expect(view.getByRole('listitem').filter({ hasText: 'victims' })).not.toHaveCount(0);
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
    expect(files[0]).toContain(DAMAGED_ID);
    const exported = JSON.parse(await readFile(join(bridge.saveDir, files[0]!), 'utf8')) as {
      id: string;
      rev: number;
      problems: string[];
      raw: typeof DAMAGED_ROW;
    };
    expect(exported.id).toBe(DAMAGED_ID);
    expect(exported.rev).toBe(DAMAGED_ROW.rev);
    expect(exported.problems.length).toBeGreaterThan(0);
    expect(exported.raw).toEqual(DAMAGED_ROW);
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

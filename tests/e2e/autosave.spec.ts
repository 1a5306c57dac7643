import type { BrowserContext, Page } from '@playwright/test';
import { openApp, passVaultGate, waitForList } from './harness/app';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';
import { exactly } from './harness/locales';

// Kyrgyz UI: the labels come from locales/ky, so this also checks that the
// editor is usable end to end in Kyrgyz.
test.use({ systemLocales: ['ky-KG'] });

/** Kills the renderer like a power cut would: no unload handlers, no final flush. */
async function crashRenderer(context: BrowserContext, page: Page): Promise<void> {
  const session = await context.newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  // The crash tears down the session before it can answer.
  session.send('Page.crash').catch(() => undefined);
  await crashed;
}

async function openNewIncident(page: Page): Promise<{ editor: IncidentEditorPage; url: string }> {
  await openApp(page);
  await page.getByTestId('new-incident').click();
  const editor = new IncidentEditorPage(page, 'ky');
  await editor.waitUntilReady();
  await expect(page).toHaveURL(/#\/incidents\/[0-9a-f-]{36}$/);
  return { editor, url: page.url() };
}

test('what was typed before a renderer crash is there when the incident is reopened', async ({
  context,
  page,
}) => {
  const { url } = await openNewIncident(page);
  const title = 'Бишкекте тынч жүрүштүн катышуучулары кармалды';
  // Typed key by key, with no explicit save.
  await page.getByTestId('field-title').pressSequentially(title, { delay: 10 });
  await page.getByTestId('field-summary').pressSequentially('Жеңиш паркынан', { delay: 10 });
  // Less than the one-second pause after which a valid form is committed as
  // the record: what comes back is the draft written while typing.
  await page.waitForTimeout(700);
  await crashRenderer(context, page);

  const reopened = await context.newPage();
  await reopened.goto(url);
  await passVaultGate(reopened);
  const again = new IncidentEditorPage(reopened, 'ky');
  await again.waitUntilReady();
  await expect(reopened.getByTestId('field-title')).toHaveValue(title);
  await expect(reopened.getByTestId('field-summary')).toHaveValue('Жеңиш паркынан');
});

test('invalid input shows a translated error next to the field and survives a reload', async ({
  page,
}) => {
  const { editor, url } = await openNewIncident(page);
  await page.getByTestId('field-title').fill('Чогулуштарга тыюу салуу');
  await editor.field('fields.date.precision').selectOption('range');
  const start = editor.field('fields.date.startByPrecision.range');
  const end = editor.field('fields.date.end');
  await start.fill('2017-04-08');
  await end.fill('2017-03-20');

  await test.step('the error sits next to the end date, in Kyrgyz', async () => {
    const message = editor.label('errors.date.endBeforeStart');
    await expect(end).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await end.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(
      describedBy
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    expect(messages).toContain(message);
    await expect(page.getByTestId('save-status')).toHaveText(
      exactly(editor.label('status.invalid', { count: 1 })),
    );
  });

  await test.step('closing warns instead of dropping the draft', async () => {
    await page.getByTestId('close-editor').click();
    const dialog = page.getByRole('dialog', { name: editor.label('dialogs.close.title') });
    await expect(dialog).toBeVisible();
    await dialog
      .getByRole('button', { name: editor.label('dialogs.close.cancel'), exact: true })
      .click();
    await expect(dialog).toBeHidden();
    await expect(editor.root).toBeVisible();
  });

  await test.step('a reload keeps everything typed, and the error', async () => {
    await page.reload();
    await passVaultGate(page);
    await editor.waitUntilReady();
    await expect(page).toHaveURL(url);
    await expect(page.getByTestId('field-title')).toHaveValue('Чогулуштарга тыюу салуу');
    await expect(editor.field('fields.date.precision')).toHaveValue('range');
    await expect(start).toHaveValue('2017-04-08');
    await expect(end).toHaveValue('2017-03-20');
    await expect(editor.root.getByText(editor.label('errors.date.endBeforeStart'))).not.toHaveCount(
      0,
    );
  });

  await test.step('fixing the date saves the incident', async () => {
    await end.fill('2017-04-20');
    await editor.expectSaved();
    await page.getByTestId('close-editor').click();
    await waitForList(page);
    await expect(
      page.getByTestId('incident-list').getByRole('link', { name: 'Чогулуштарга тыюу салуу' }),
    ).toBeVisible();
  });
});

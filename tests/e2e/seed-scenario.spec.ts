import { expectResultCount, openApp, reloadApp, switchLanguage } from './harness/app';
import { IncidentEditorPage } from './harness/editor';
import { expect, test } from './harness/fixtures';
import { exactly, tr } from './harness/locales';
import { collectScreenText, findEnglish } from './harness/screen-text';
import { BAN_MARCH_2017, MARCH_2017, MARCH_SEARCH_TERM } from './fixtures/march-2017';

/** Everything typed in this scenario: user data may be in any script. */
const USER_DATA = [
  MARCH_2017.title,
  MARCH_2017.summary,
  MARCH_2017.place,
  ...MARCH_2017.victims.map((victim) => victim.name),
  MARCH_2017.group.description,
  MARCH_2017.proceeding.court,
  MARCH_2017.proceeding.charges,
  MARCH_2017.proceeding.sentence,
  MARCH_2017.source.reference,
  BAN_MARCH_2017.title,
  MARCH_SEARCH_TERM,
  'Kylym Shamy',
];

test.use({ systemLocales: ['ru-RU', 'en-US'] });

// The scenario, as a new Russian-speaking user: record the
// 18 March 2017 march from the seed report, reload, find it by a Russian
// word, open it, and switch to Kyrgyz.
test('records the 18 March 2017 Bishkek march, finds it after a reload, reads it in Kyrgyz', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  const editor = new IncidentEditorPage(page, 'ru');

  await test.step('a second incident, for the search to leave out', async () => {
    await page.getByTestId('new-incident').click();
    await editor.waitUntilReady();
    await editor.field('fields.title').fill(BAN_MARCH_2017.title);
    await editor.expectSaved();
    await page.getByTestId('close-editor').click();
    await expectResultCount(page, 'ru', 1);
  });

  await test.step('record the march', async () => {
    await page.getByTestId('new-incident').click();
    await editor.waitUntilReady();
    await page.getByTestId('field-title').fill(MARCH_2017.title);
    await page.getByTestId('field-summary').fill(MARCH_2017.summary);
    for (const category of MARCH_2017.categories) {
      await editor.checkbox('category', category).check();
    }
    for (const violation of MARCH_2017.violations) {
      await editor.checkbox('violation', violation).check();
    }
    await editor.field('fields.date.precision').selectOption('day');
    await editor.field('fields.date.startByPrecision.day').fill(MARCH_2017.date);
    await editor.field('fields.location.region').selectOption(MARCH_2017.region);
    await editor.field('fields.location.place').fill(MARCH_2017.place);

    let n = 1;
    for (const victim of MARCH_2017.victims) {
      await editor.addNewVictim(victim.name, victim.kind, victim.role, n++);
    }

    await page.getByTestId('add-group').click();
    const group = editor.row('groups', 1);
    await editor.field('fields.groups.outcome', group).selectOption(MARCH_2017.group.outcome);
    await editor.field('fields.groups.count', group).fill(String(MARCH_2017.group.count));
    await editor.field('fields.groups.description', group).fill(MARCH_2017.group.description);

    n = 1;
    for (const perpetrator of MARCH_2017.perpetrators) {
      await page.getByTestId('add-perpetrator').click();
      await editor
        .field('fields.perpetrators.type', editor.row('perpetrators', n++))
        .selectOption(perpetrator);
    }

    await page.getByTestId('add-proceeding').click();
    const proceeding = editor.row('proceedings', 1);
    await editor.field('fields.proceedings.court', proceeding).fill(MARCH_2017.proceeding.court);
    await editor
      .field('fields.proceedings.charges', proceeding)
      .fill(MARCH_2017.proceeding.charges);
    await editor
      .field('fields.proceedings.sentence', proceeding)
      .fill(MARCH_2017.proceeding.sentence);
    await editor.field('fields.proceedings.date', proceeding).fill(MARCH_2017.proceeding.date);

    await page.getByTestId('add-source').click();
    const source = editor.row('sources', 1);
    await editor.field('fields.sources.type', source).selectOption(MARCH_2017.source.type);
    await editor.field('fields.sources.reference', source).fill(MARCH_2017.source.reference);

    await editor.expectSaved();
  });

  await test.step('reload and find it with a Russian search word', async () => {
    await page.getByTestId('close-editor').click();
    await reloadApp(page);
    await expectResultCount(page, 'ru', 2);
    // A Latin spelling finds the Cyrillic text too («Кылым Шамы»).
    await page.getByTestId('search-input').fill('Kylym Shamy');
    await expectResultCount(page, 'ru', 1);
    await page.getByTestId('search-input').fill(MARCH_SEARCH_TERM);
    await expectResultCount(page, 'ru', 1);
    const links = page.getByTestId('incident-list').getByRole('link');
    await expect(links).toHaveCount(1);
    await expect(links).toHaveText(exactly(MARCH_2017.title));
    // The row speaks Russian: region, violation types and a Russian date.
    const row = page
      .getByTestId('incident-list')
      .getByRole('row')
      .filter({ hasText: MARCH_2017.title });
    await expect(row).toContainText(tr('ru', 'vocab:region.bishkek'));
    await expect(row).toContainText(tr('ru', 'vocab:violation.denial_of_counsel'));
    await expect(row.locator('time')).toHaveAttribute('datetime', MARCH_2017.date);
    await expect(row.locator('time')).toContainText(/18.*мар.*2017/);
    await links.click();
    await editor.waitUntilReady();
  });

  await test.step('every field survived', async () => {
    await expect(page.getByTestId('field-title')).toHaveValue(MARCH_2017.title);
    await expect(page.getByTestId('field-summary')).toHaveValue(MARCH_2017.summary);
    for (const category of ['association', 'assembly', 'expression', 'other']) {
      const checked = (MARCH_2017.categories as readonly string[]).includes(category);
      await expect(editor.checkbox('category', category)).toBeChecked({ checked });
    }
    for (const violation of MARCH_2017.violations) {
      await expect(editor.checkbox('violation', violation)).toBeChecked();
    }
    await expect(editor.root.getByRole('checkbox', { checked: true })).toHaveCount(
      MARCH_2017.categories.length + MARCH_2017.violations.length,
    );
    await expect(editor.field('fields.date.precision')).toHaveValue('day');
    await expect(editor.field('fields.date.startByPrecision.day')).toHaveValue(MARCH_2017.date);
    await expect(editor.field('fields.location.region')).toHaveValue(MARCH_2017.region);
    await expect(editor.field('fields.location.place')).toHaveValue(MARCH_2017.place);

    for (const [index, victim] of MARCH_2017.victims.entries()) {
      const row = editor.row('victims', index + 1);
      await expect(row).toContainText(victim.name);
      await expect(editor.field('fields.victims.role', row)).toHaveValue(victim.role);
    }
    await expect(editor.row('victims', 3)).toHaveCount(0);

    const group = editor.row('groups', 1);
    await expect(editor.field('fields.groups.outcome', group)).toHaveValue(
      MARCH_2017.group.outcome,
    );
    await expect(editor.field('fields.groups.count', group)).toHaveValue(
      String(MARCH_2017.group.count),
    );
    await expect(editor.field('fields.groups.description', group)).toHaveValue(
      MARCH_2017.group.description,
    );

    for (const [index, perpetrator] of MARCH_2017.perpetrators.entries()) {
      await expect(
        editor.field('fields.perpetrators.type', editor.row('perpetrators', index + 1)),
      ).toHaveValue(perpetrator);
    }

    const proceeding = editor.row('proceedings', 1);
    await expect(editor.field('fields.proceedings.court', proceeding)).toHaveValue(
      MARCH_2017.proceeding.court,
    );
    await expect(editor.field('fields.proceedings.charges', proceeding)).toHaveValue(
      MARCH_2017.proceeding.charges,
    );
    await expect(editor.field('fields.proceedings.sentence', proceeding)).toHaveValue(
      MARCH_2017.proceeding.sentence,
    );
    await expect(editor.field('fields.proceedings.date', proceeding)).toHaveValue(
      MARCH_2017.proceeding.date,
    );

    const source = editor.row('sources', 1);
    await expect(editor.field('fields.sources.type', source)).toHaveValue(MARCH_2017.source.type);
    await expect(editor.field('fields.sources.reference', source)).toHaveValue(
      MARCH_2017.source.reference,
    );
  });

  await test.step('in Kyrgyz, no English is left on screen', async () => {
    await switchLanguage(page, 'ky');
    const kyrgyz = new IncidentEditorPage(page, 'ky');
    await expect(kyrgyz.root.getByRole('heading', { level: 1 })).toHaveText(
      kyrgyz.label('heading.edit'),
    );
    await expect(kyrgyz.checkbox('violation', 'denial_of_counsel')).toBeChecked();
    expect(findEnglish(await collectScreenText(page), 'ky', USER_DATA)).toEqual([]);

    await page.getByTestId('close-editor').click();
    await expectResultCount(page, 'ky', 1);
    expect(findEnglish(await collectScreenText(page), 'ky', USER_DATA)).toEqual([]);
  });
});

import { expect, test } from './harness/fixtures';
import { collectScreenText, findEnglish } from './harness/screen-text';
import { TOUR_USER_DATA, tourScreens } from './harness/screen-tour';

// Every screen in Kyrgyz and in Russian shows no English: not a message
// left untranslated, not a raw key, not a date or number formatted in the
// browser's default locale. (The damaged-record view is left out: it shows
// the stored JSON and the schema's own problem lines on purpose.)
for (const language of ['ky', 'ru'] as const) {
  test.describe(`in ${language}`, () => {
    test.use({ systemLocales: [language] });

    test('no English is left on any screen', async ({ page }) => {
      test.setTimeout(120_000);
      const found: string[] = [];
      await tourScreens(page, language, async (screen) => {
        if (screen === 'damaged record') return;
        const english = findEnglish(await collectScreenText(page), language, TOUR_USER_DATA);
        found.push(...english.map((line) => `${screen}: ${line}`));
      });
      expect(found, found.join('\n')).toEqual([]);
    });
  });
}

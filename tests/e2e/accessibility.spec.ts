import { seriousAccessibilityViolations } from './harness/axe';
import { expect, test } from './harness/fixtures';
import { LANGUAGES } from './harness/locales';
import { TOUR_SCREENS, tourScreens } from './harness/screen-tour';

// axe-core on every screen and state, in every UI language (labels, names
// and lang attributes change with the language): no serious or critical
// violations anywhere.
for (const language of LANGUAGES) {
  test.describe(`in ${language}`, () => {
    test.use({ systemLocales: [language] });

    test('every screen has no serious or critical accessibility violations', async ({ page }) => {
      // One axe run per screen and state; on a two-core machine shared with other
      // builds (load 10) the tour alone has taken over two minutes.
      test.setTimeout(240_000);
      const found: string[] = [];
      const screens = await tourScreens(page, language, async (screen) => {
        const violations = await seriousAccessibilityViolations(page);
        found.push(...violations.map((violation) => `${screen}: ${violation}`));
      });
      expect(screens).toEqual([...TOUR_SCREENS]);
      expect(found, found.join('\n\n')).toEqual([]);
    });
  });
}

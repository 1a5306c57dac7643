import type { Locator, Page } from '@playwright/test';
import { recordHash } from '../../src/db/audit-chain';
import type { HarnessSlot } from '../../src/app/harness-slot';
import type { ImportOutcome } from '../../src/db/exchange-import';
import type { IncomingBundle } from '../../src/db/incoming-bundle';
import type { Incident, IncidentBody } from '../../src/domain/incident';
import { openApp } from './harness/app';
import { seriousAccessibilityViolations } from './harness/axe';
import { expect, test } from './harness/fixtures';
import { escapeRegExp, exactly, tr, type Language } from './harness/locales';
import { findEnglish } from './harness/screen-text';

/**
 * A conflict made the way an import makes one: this device edits an
 * incident while a partner edits the same revision; the partner's revision
 * then arrives through the page's own repository (importBundle, as the
 * import panel calls it). The user compares both sides and takes theirs.
 */

const PARTNER_DEVICE = '01890a5d-ac96-7000-8000-00000000fa11';
const PARTNER_NAME = 'Айгүл Токтосунова';
const SHARED = 'Марш за свободу слова в Бишкеке';
const MINE = 'Марш за свободу слова: 105 задержаны';
const THEIRS = 'Марш за свободу слова: 120 задержаны';
const USER_DATA = [SHARED, MINE, THEIRS, PARTNER_NAME];

// Written out rather than imported: the domain module pulls in JSON
// vocabularies, which Playwright's loader does not import without attributes.
const FIRST_BODY: IncidentBody = {
  title: SHARED,
  summary: 'Задержаны депутат и журналист; пятеро арестованы на пять суток.',
  categories: ['assembly', 'expression'],
  violations: ['detention'],
  date: { precision: 'day', start: '2017-03-18', end: '' },
  location: { region: 'bishkek', settlement: '', place: 'Парк Победы', coordinates: null },
  victims: [],
  groups: [],
  perpetrators: [],
  proceedings: [],
  sources: [],
  confidentiality: 'restricted',
  status: 'draft',
  evidenceIds: [],
  notes: '',
};

const SYNC_FIELDS = new Set(['id', 'rev', 'updatedAt', 'updatedBy', 'changeSeq', 'deleted']);

/** A record's body: everything but the sync fields. */
function bodyOf(record: Incident): IncidentBody {
  // The record came from createIncident: its other fields are a valid body.
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => !SYNC_FIELDS.has(key)),
  ) as IncidentBody;
}

type HarnessWindow = Window & { __depterHarness__?: HarnessSlot };

/** Creates the incident and this device's edit of it; returns the first revision as the partner got it. */
async function createAndEditLocally(page: Page): Promise<Incident> {
  const body = FIRST_BODY;
  return page.evaluate(
    async ({ body: first, mine }) => {
      const repository = (window as HarnessWindow).__depterHarness__?.repository;
      if (!repository) throw new Error('the app did not offer its repository to the harness');
      const created = await repository.createIncident(first);
      await repository.updateIncident(created.id, { ...first, title: mine }, created.rev);
      return created;
    },
    { body, mine: MINE },
  );
}

/** The partner's concurrent edit of revision 1, as lines of a bundle. */
function partnerBundle(first: Incident): IncomingBundle {
  const body = bodyOf(first);
  const firstHash = recordHash({
    id: first.id,
    rev: first.rev,
    updatedAt: first.updatedAt,
    updatedBy: first.updatedBy,
    deleted: false,
    body,
  });
  const theirs = {
    ...body,
    title: THEIRS,
    status: 'complete',
    id: first.id,
    rev: 2,
    updatedAt: new Date().toISOString(),
    updatedBy: PARTNER_DEVICE,
    changeSeq: 7,
    deleted: false,
  };
  return {
    bundleId: '01890a5d-ac96-7000-8000-0000000b0001',
    sender: { deviceId: PARTNER_DEVICE, name: PARTNER_NAME, fingerprint: '12345 67890 12345' },
    records: {
      incidents: [theirs],
      actors: [],
      evidence: [],
      lineage: [{ table: 'incidents', id: first.id, hashes: [firstHash] }],
    },
    stagedFiles: [],
  };
}

async function importInPage(page: Page, bundle: IncomingBundle): Promise<ImportOutcome> {
  return page.evaluate(async (incoming) => {
    const repository = (window as HarnessWindow).__depterHarness__?.repository;
    if (!repository) throw new Error('the app did not offer its repository to the harness');
    return repository.importBundle(incoming);
  }, bundle);
}

/**
 * What the conflicts panel shows and announces. Only the panel: the export
 * and import panels on the same screen belong to other scenarios.
 */
async function panelText(panel: Locator): Promise<string[]> {
  return panel.evaluate((root) => {
    const found = (root as HTMLElement).innerText.split('\n');
    for (const element of root.querySelectorAll('[aria-label]')) {
      found.push(element.getAttribute('aria-label') ?? '');
    }
    return found.map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '');
  });
}

async function expectNoEnglish(panel: Locator, language: Language): Promise<void> {
  const text = await panelText(panel);
  expect(text.length).toBeGreaterThan(0);
  if (language === 'en') {
    // No raw keys where a message should be.
    expect(text.filter((line) => /\bconflicts\.|exchange:/.test(line))).toEqual([]);
    return;
  }
  expect(findEnglish(text, language, USER_DATA)).toEqual([]);
}

for (const language of ['ky', 'ru', 'en'] as const) {
  test.describe(`in ${language}`, () => {
    test.use({ systemLocales: [language] });

    test('a conflict from an import is compared side by side and settled by taking theirs', async ({
      page,
    }) => {
      await page.addInitScript(() => {
        (window as HarnessWindow).__depterHarness__ = {};
      });
      await openApp(page);
      const first = await createAndEditLocally(page);
      const { report } = await importInPage(page, partnerBundle(first));
      expect(report.incidents).toEqual({ added: 0, updated: 0, unchanged: 0, conflicts: 1 });

      const badge = page.getByTestId('pending-conflicts');
      await expect(badge).toContainText('1');
      await expect(badge).toContainText(tr(language, 'exchange:conflicts.pending', { n: 1 }));
      await page
        .getByRole('link', {
          name: new RegExp(`^${escapeRegExp(tr(language, 'common:nav.exchange'))}`),
        })
        .click();
      const panel = page.getByRole('region', {
        name: new RegExp(tr(language, 'exchange:conflicts.heading')),
      });
      const item = panel.getByRole('button', { name: new RegExp(MINE) });
      await expect(item).toBeVisible();
      await expect(item).toContainText(PARTNER_NAME);
      await expect(item).toContainText(tr(language, 'exchange:conflicts.kind.incidents'));
      await expectNoEnglish(panel, language);

      await test.step('both versions side by side, differences marked', async () => {
        await item.click();
        const table = panel.getByRole('table');
        const titleRow = table.getByRole('row', {
          name: new RegExp(tr(language, 'editor:fields.title')),
        });
        await expect(titleRow.locator('td[data-side="local"]')).toContainText(MINE);
        await expect(titleRow.locator('td[data-side="incoming"]')).toContainText(THEIRS);
        await expect(titleRow).toHaveClass(/conflict-table__differs/);
        const statusRow = table.getByRole('row', {
          name: new RegExp(tr(language, 'editor:fields.status')),
        });
        await expect(statusRow.locator('td[data-side="incoming"]')).toContainText(
          tr(language, 'vocab:status.complete'),
        );
        const summaryRow = table.getByRole('row', {
          name: new RegExp(tr(language, 'editor:fields.summary')),
        });
        await expect(summaryRow).not.toHaveClass(/conflict-table__differs/);
        await expectNoEnglish(panel, language);
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
      });

      await test.step('taking theirs writes their version and clears the conflict', async () => {
        await panel
          .getByRole('button', { name: tr(language, 'exchange:conflicts.takeTheirs'), exact: true })
          .click();
        await expect(panel.getByText(tr(language, 'exchange:conflicts.resolved'))).toBeVisible();
        await expect(panel.getByText(tr(language, 'exchange:conflicts.empty'))).toBeVisible();
        await expect(badge).toHaveCount(0);
        await expectNoEnglish(panel, language);
      });

      await test.step('the incident shows their version', async () => {
        await page.evaluate((id) => {
          window.location.hash = `#/incidents/${id}`;
        }, first.id);
        await expect(page.getByTestId('field-title')).toHaveValue(exactly(THEIRS));
      });
    });
  });
}

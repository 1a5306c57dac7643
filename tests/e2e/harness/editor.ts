import { expect, type Locator, type Page } from '@playwright/test';
import type { Language } from '../../../src/i18n/languages';
import { exactly, tr } from './locales';

/**
 * The incident editor as a user sees it, in any UI language: every control
 * is found by its translated label (from locales/), never by English text or
 * DOM structure, so the same scenario runs in ky, ru and en.
 */
export class IncidentEditorPage {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    readonly language: Language,
  ) {
    this.root = page.getByTestId('incident-editor');
  }

  label(key: string, vars: Record<string, string | number> = {}): string {
    return tr(this.language, `editor:${key}`, vars);
  }

  vocab(vocabulary: string, id: string): string {
    return tr(this.language, `vocab:${vocabulary}.${id}`);
  }

  field(labelKey: string, scope: Locator = this.root): Locator {
    return scope.getByLabel(this.label(labelKey), { exact: true });
  }

  /** A repeating row ("Count 1", "Source 2") as the fieldset its legend names. */
  row(section: 'victims' | 'groups' | 'perpetrators' | 'proceedings' | 'sources', n: number) {
    return this.root.getByRole('group', {
      name: this.label(`fields.${section}.row`, { n }),
      exact: true,
    });
  }

  /** A category or violation type box, inside its own group ("Other" exists in both). */
  checkbox(vocabulary: 'category' | 'violation', id: string): Locator {
    const legend = vocabulary === 'category' ? 'fields.categories' : 'fields.violations';
    return this.root
      .getByRole('group', { name: this.label(legend), exact: true })
      .getByRole('checkbox', { name: this.vocab(vocabulary, id), exact: true });
  }

  async waitUntilReady(): Promise<void> {
    await expect(this.root).toBeVisible();
    await expect(this.root).not.toHaveAttribute('aria-busy', 'true');
  }

  /** Waits for the status line to say the record is stored. */
  async expectSaved(): Promise<void> {
    await expect(this.page.getByTestId('save-status')).toHaveText(
      exactly(this.label('status.saved')),
      { timeout: 15_000 },
    );
  }

  /**
   * Links a new person or organisation created from inside the editor (the
   * picker's "create and add"), then sets its role in this incident.
   */
  async addNewVictim(name: string, kind: 'person' | 'organisation', role: string, n: number) {
    await this.root.getByTestId('add-victim').click();
    const picker = this.root.getByRole('group', {
      name: tr(this.language, 'actors:picker.title'),
      exact: true,
    });
    await expect(picker).toBeVisible();
    await picker.getByLabel(tr(this.language, 'actors:picker.newName'), { exact: true }).fill(name);
    await picker
      .getByLabel(tr(this.language, 'actors:picker.newKind'), { exact: true })
      .selectOption(kind);
    await picker
      .getByLabel(tr(this.language, 'actors:picker.newRole'), { exact: true })
      .selectOption(role);
    await picker
      .getByRole('button', { name: tr(this.language, 'actors:picker.createAndAdd'), exact: true })
      .click();
    const row = this.row('victims', n);
    await expect(row).toContainText(name);
    await expect(this.field('fields.victims.role', row)).toHaveValue(role);
  }
}

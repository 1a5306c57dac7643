import 'fake-indexeddb/auto';
import i18next, { type i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../db/repository';
import type { Repository } from '../db/repository-types';
import { emptyIncidentBody } from '../domain/incident';
import { initI18n } from '../i18n';
import { LANGUAGES } from '../i18n/languages';
import { IncidentIndex } from '../incidents/search/search-index';
import { App } from './App';
import { IncidentIndexContext } from './incident-index-context';
import { LiveIncidentIndex } from './live-incident-index';
import { RepositoryContext } from './repository-context';

/**
 * The shell rendered to HTML with a real repository and search index: the
 * landmarks, labels and test ids the end-to-end suite and screen readers
 * rely on, in every language, with no untranslated key showing.
 */
let i18n: I18n;
let repository: Repository;
let live: LiveIncidentIndex<IncidentIndex>;

beforeAll(async () => {
  i18n = await initI18n('ru', i18next.createInstance());
  repository = await openRepository({ name: `app-spec-${Date.now()}` });
  await repository.createIncident({
    ...emptyIncidentBody(),
    title: 'Марш 18 марта 2017 года в Бишкеке',
    violations: ['detention'],
    date: { precision: 'day', start: '2017-03-18', end: '' },
    location: { region: 'bishkek', settlement: '', place: '', coordinates: null },
  });
  live = new LiveIncidentIndex(repository, (incidents, actors) =>
    IncidentIndex.build(incidents, actors),
  );
  await live.start();
});

afterAll(() => {
  live.stop();
  repository.close();
});

async function renderShell(language: string, onLock?: () => void): Promise<string> {
  await i18n.changeLanguage(language);
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <RepositoryContext.Provider value={repository}>
        <IncidentIndexContext.Provider value={live}>
          <App {...(onLock ? { onLock } : {})} />
        </IncidentIndexContext.Provider>
      </RepositoryContext.Provider>
    </I18nextProvider>,
  );
}

describe('App shell', () => {
  it('has a skip link, banner, navigation and main landmark', async () => {
    const html = await renderShell('ru');
    expect(html).toMatch(/<a class="skip-link" href="#main">Перейти к основному содержанию<\/a>/);
    expect(html).toContain('<header class="topbar">');
    expect(html).toMatch(/<nav class="sidenav" aria-label="Основная навигация">/);
    expect(html).toMatch(/<main id="main"[^>]*tabindex="-1"/i);
  });

  it('marks the incident list as the current section and shows it', async () => {
    const html = await renderShell('ru');
    expect(html).toContain('<a href="#/incidents" aria-current="page">Инциденты</a>');
    expect(html).toContain('<a href="#/settings">Настройки</a>');
    for (const id of ['incident-list', 'search-input', 'language-switch', 'new-incident']) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toContain('Марш 18 марта 2017 года в Бишкеке');
    expect(html).toContain('data-testid="result-count">1 инцидент<');
  });

  it('labels every form control', async () => {
    const html = await renderShell('en');
    const controls = html.match(/<(select|input)\b[^>]*>/g) ?? [];
    expect(controls.length).toBeGreaterThan(5);
    for (const control of controls) {
      const id = /\bid="([^"]+)"/.exec(control)?.[1];
      expect(id, control).toBeDefined();
      expect(html).toContain(`for="${id}"`);
    }
  });

  it('has a lock button naming its shortcut when the app runs behind the vault', async () => {
    expect(await renderShell('ru')).not.toContain('data-testid="lock-button"');
    const html = await renderShell('ru', () => undefined);
    expect(html).toMatch(
      /<button type="button" class="button" data-testid="lock-button" aria-keyshortcuts="Control\+L" title="Сохранить черновики и заблокировать \(Ctrl\+L\)">Заблокировать<\/button>/,
    );
  });

  it('offers each language in its own name, marked with its language', async () => {
    const html = await renderShell('ky');
    expect(html).toMatch(/<option value="ky" lang="ky" selected="">Кыргызча<\/option>/);
    expect(html).toContain('<option value="ru" lang="ru">Русский</option>');
    expect(html).toContain('<option value="en" lang="en">English</option>');
  });

  for (const language of LANGUAGES) {
    it(`shows no untranslated key in ${language}`, async () => {
      const html = await renderShell(language);
      expect(html).not.toMatch(/\b(common|list|vocab|settings):[a-z]/);
      expect(html).not.toMatch(/>(nav|shortcuts|filters|columns|search)\.[a-zA-Z]+</);
    });
  }
});

import i18next, { type i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import type { IncidentSummary } from '../search/incident-summary';
import { IncidentTable } from './IncidentTable';

let i18n: I18n;
beforeAll(async () => {
  i18n = await initI18n('ru', i18next.createInstance());
});

const march: IncidentSummary = {
  id: '01936f4e-8a2b-7c3d-9e4f-0123456789ab',
  ok: true,
  title: 'Марш 18 марта в Бишкеке',
  date: { precision: 'day', start: '2017-03-18', end: '' },
  region: 'bishkek',
  status: 'verified',
  categories: ['assembly'],
  violations: ['detention', 'administrative_arrest'],
  updatedAt: '2026-11-28T19:00:00.000Z',
  victimCount: 1050,
};

const damaged: IncidentSummary = {
  id: '01936f4e-8a2b-7c3d-9e4f-0123456789ac',
  ok: false,
  title: '',
  date: null,
  region: '',
  status: null,
  categories: [],
  violations: [],
  updatedAt: '2026-11-28T19:00:00.000Z',
  victimCount: 0,
};

async function render(language: string, rows: IncidentSummary[]): Promise<string> {
  await i18n.changeLanguage(language);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <IncidentTable rows={rows} />
    </I18nextProvider>,
  );
  return html.replace(/[\u202f\u00a0]/g, ' ');
}

describe('IncidentTable', () => {
  it('shows a row in the UI language, linking to the incident', async () => {
    const html = await render('ru', [march]);
    expect(html).toContain(`href="#/incidents/${march.id}"`);
    expect(html).toContain('Марш 18 марта в Бишкеке');
    expect(html).toContain('<time dateTime="2017-03-18">18 марта 2017 г.</time>');
    expect(html).toContain('Проверено');
    expect(html).toContain('1 050');
    expect(html).not.toMatch(/vocab:|list:/);
  });

  it('switches every label with the language', async () => {
    const html = await render('en', [march]);
    expect(html).toContain('March 18, 2017');
    expect(html).toContain('1,050');
    expect(html).toContain('Title');
    expect(html).toContain('Verified');
    // Only the record's own text stays Russian.
    expect(html).not.toMatch(/Проверено|Название|Задержание|Бишкек<|г\.</);
  });

  it('keeps a damaged record visible with a warning tied to its link', async () => {
    const html = await render('ru', [march, damaged]);
    expect(html.match(/<tr/g)).toHaveLength(3);
    expect(html).toContain('class="is-damaged"');
    expect(html).toContain('Повреждённая запись');
    expect(html).toContain(`aria-describedby="damaged-${damaged.id}"`);
    expect(html).toContain(`id="damaged-${damaged.id}"`);
    expect(html).toContain('Без названия');
    expect(html).toContain('Дата неизвестна');
  });

  it('shows only month and year for a month-precision date, and marks approximate ones', async () => {
    const html = await render('ru', [
      { ...march, date: { precision: 'month', start: '2017-03-18', end: '' } },
      { ...march, id: damaged.id, date: { precision: 'approximate', start: '2017-05', end: '' } },
    ]);
    expect(html).toContain('>март 2017 г.</time>');
    expect(html).toContain('>май 2017 г. (приблизительно)</time>');
  });
});

import i18next, { type i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftSummary } from '../../db/repository-types';
import { initI18n } from '../../i18n';
import { UnsavedDrafts, type UnsavedDraftsProps } from './UnsavedDrafts';

let i18n: I18n;
beforeAll(async () => {
  i18n = await initI18n('en', i18next.createInstance());
});

// Noon UTC: the same calendar day in every time zone the test machine may be in.
const named: DraftSummary = {
  id: '01936f4e-8a2b-7c3d-9e4f-0123456789ab',
  kind: 'incident',
  savedAt: '2026-11-28T12:00:00.000Z',
  title: 'Задержание журналиста в Оше',
};
const blank: DraftSummary = {
  id: '01936f4e-8a2b-7c3d-9e4f-0123456789ac',
  kind: 'incident',
  savedAt: '2026-11-27T12:00:00.000Z',
  title: '   ',
};

const byAddress: UnsavedDraftsProps['open'] = { href: (draft) => `#/incidents/${draft.id}` };

async function render(
  language: string,
  drafts: DraftSummary[],
  props: Partial<UnsavedDraftsProps> = {},
): Promise<string> {
  await i18n.changeLanguage(language);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <UnsavedDrafts drafts={drafts} namespace="list" open={byAddress} {...props} />
    </I18nextProvider>,
  );
  return html.replace(/[\u202f\u00a0]/g, ' ');
}

describe('UnsavedDrafts', () => {
  it('shows nothing when there are no drafts', async () => {
    expect(await render('en', [])).toBe('');
  });

  it('names the region by its heading and links each draft to its editor', async () => {
    const html = await render('en', [named, blank]);
    expect(html).toContain('data-testid="unsaved-drafts"');
    const labelledBy = /aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(labelledBy).toBeTruthy();
    expect(html).toContain(`<h2 class="unsaved-drafts__heading" id="${labelledBy}">`);
    expect(html).toContain('Unsaved drafts (2)');
    expect(html).toContain(`href="#/incidents/${named.id}"`);
    expect(html).toContain(`href="#/incidents/${blank.id}"`);
    expect(html).toContain('Задержание журналиста в Оше');
    expect(html).toContain('>Untitled<');
    expect(html).toContain('last edited November 28, 2026');
    expect(html).toContain('last edited November 27, 2026');
  });

  it('puts the title and the time inside the link, so each link has its own name', async () => {
    const html = await render('en', [blank]);
    const link = /<a [^>]*>(.*?)<\/a>/.exec(html)?.[1] ?? '';
    const name = link.replace(/<[^>]+>/g, '');
    expect(name).toMatch(/^Untitled last edited November 27, 2026/);
  });

  it('says "draft" in the singular for one', async () => {
    expect(await render('en', [named])).toContain('Unsaved draft (1)');
  });

  it('is written in Russian and Kyrgyz, dates included, without raw keys', async () => {
    const russian = await render('ru', [named, blank]);
    expect(russian).toContain('Несохранённые черновики (2)');
    expect(russian).toContain('Без названия');
    expect(russian).toContain('последнее изменение: 28 ноября 2026');
    const kyrgyz = await render('ky', [named, blank]);
    expect(kyrgyz).toContain('Сакталбаган караламалар (2)');
    expect(kyrgyz).toContain('Аталышы жок');
    expect(kyrgyz).toContain('акыркы өзгөртүү: 2026');
    for (const html of [russian, kyrgyz]) expect(html).not.toMatch(/drafts\.|list:/);
  });

  it('leaves out the time of a draft whose timestamp cannot be read', async () => {
    const html = await render('en', [{ ...named, savedAt: 'now' }]);
    expect(html).toContain('Задержание журналиста в Оше');
    expect(html).not.toContain('last edited');
  });

  it('offers buttons in the actors screen, with its own texts', async () => {
    const html = await render('en', [{ ...blank, kind: 'actor' }], {
      namespace: 'actors',
      open: { select: () => undefined },
    });
    expect(html).not.toContain('<a ');
    expect(html).toMatch(/<button type="button"[^>]*>.*Unnamed.*<\/button>/);
    expect(html).toContain('Records of people and organisations you started');
  });
});

import i18next, { type i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { initI18n } from '../i18n';
import { SettingsScreen } from './SettingsScreen';

let i18n: I18n;
beforeAll(async () => {
  i18n = await initI18n('ky', i18next.createInstance());
});

async function render(language: string): Promise<string> {
  await i18n.changeLanguage(language);
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <SettingsScreen />
    </I18nextProvider>,
  );
}

describe('SettingsScreen', () => {
  it('offers the three languages as one labelled radio group, the current one checked', async () => {
    const html = await render('ru');
    expect(html).toContain('<legend>Язык интерфейса</legend>');
    const radios = html.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(3);
    expect(radios.filter((radio) => radio.includes('checked'))).toEqual([
      expect.stringContaining('value="ru"'),
    ]);
    expect(html).toMatch(/<label lang="ky"><input[^>]*>Кыргызча<\/label>/);
  });

  it('has a Security section that says it is unavailable without the vault bridge', async () => {
    const html = await render('en');
    expect(html).toMatch(/<section[^>]*data-testid="settings-security"/);
    expect(html).toContain('<h2 id="');
    expect(html).toContain('>Security</h2>');
    expect(html).toContain('Security settings are unavailable here.');
    expect(await render('ru')).toContain('>Безопасность</h2>');
  });

  it('shows the app version in the UI language', async () => {
    expect(await render('ky')).toContain(`Версиясы: ${version}`);
    expect(await render('en')).toContain(`Version ${version}`);
  });
});

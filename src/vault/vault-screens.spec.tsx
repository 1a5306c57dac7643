import i18next, { type i18n as I18n } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../domain/api';
import { initI18n } from '../i18n';
import { LANGUAGES } from '../i18n/languages';
import { FirstStartScreen } from './FirstStartScreen';
import { ForeignKeyScreen } from './ForeignKeyScreen';
import { StrengthMeter } from './StrengthMeter';
import { UnlockScreen } from './UnlockScreen';

/**
 * The screens before unlock rendered to HTML in every language: the test ids
 * the end-to-end suite uses, labels, disabled states and plural forms, and no
 * translation key showing through.
 */
let i18n: I18n;
beforeAll(async () => {
  i18n = await initI18n('ru', i18next.createInstance());
});

async function render(language: string, element: React.ReactElement): Promise<string> {
  await i18n.changeLanguage(language);
  return renderToStaticMarkup(<I18nextProvider i18n={i18n}>{element}</I18nextProvider>);
}

function status(partial: Partial<VaultStatus>): VaultStatus {
  return {
    state: 'locked',
    failedAttempts: 0,
    retryAfterMs: 0,
    settings: { idleLockMinutes: 10, wipeAfterFailures: null },
    ...partial,
  };
}

const ignore = () => undefined;

/** Visible text with tags removed, to look for raw keys such as "unlock.title". */
function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ');
}

describe('first start screen', () => {
  it.each(LANGUAGES)('has its fields, warning and a disabled create button (%s)', async (lng) => {
    const html = await render(lng, <FirstStartScreen onSession={ignore} />);
    for (const id of [
      'first-start',
      'passphrase',
      'passphrase-repeat',
      'understand-no-recovery',
      'create-vault',
      'strength-meter',
      'language-switch',
    ]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toMatch(/<button type="submit"[^>]*data-testid="create-vault" disabled=""/);
    expect(html.match(/autoComplete="new-password"/g)).toHaveLength(2);
    expect(text(html)).not.toMatch(/\b(create|strength|error)\.[a-zA-Z]/);
  });

  it('labels both passphrase fields', async () => {
    const html = await render('ky', <FirstStartScreen onSession={ignore} />);
    const inputs = html.match(/<input[^>]*type="password"[^>]*>/g) ?? [];
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      const id = /id="([^"]+)"/.exec(input)?.[1];
      expect(html).toContain(`for="${id}"`);
    }
    expect(html).toContain('Сырсөздү кайталаңыз');
  });
});

describe('strength meter', () => {
  it('says nothing about strength until something is typed, then names the level', async () => {
    expect(await render('en', <StrengthMeter passphrase="" />)).toContain(
      'How strong the passphrase is will show here.',
    );
    const weak = await render('en', <StrengthMeter passphrase="12345" />);
    expect(weak).toMatch(/Strength: (very weak|weak)/);
    const strong = await render(
      'ru',
      <StrengthMeter passphrase="жёлтый трамвай поёт над Нарыном в тумане" />,
    );
    expect(strong).toMatch(/Надёжность: (высокая|очень высокая)/);
    expect(strong).toContain('aria-live="polite"');
  });
});

describe('unlock screen', () => {
  it.each(LANGUAGES)('has the field, button, error region and quick wipe (%s)', async (lng) => {
    const html = await render(
      lng,
      <UnlockScreen initialStatus={status({})} onSession={ignore} onWipedAfterFailures={ignore} />,
    );
    for (const id of [
      'unlock-screen',
      'unlock-passphrase',
      'unlock-submit',
      'unlock-error',
      'quick-wipe',
      'language-switch',
    ]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toMatch(/role="alert" data-testid="unlock-error"/);
    expect(html).toContain('autoComplete="current-password" autofocus=""');
    expect(html).not.toMatch(/data-testid="unlock-passphrase"[^>]*disabled/);
    expect(text(html)).not.toMatch(/\b(unlock|wipe|error)\.[a-zA-Z]/);
  });

  it('disables the field and counts down while throttled, with failures in Russian plurals', async () => {
    const html = await render(
      'ru',
      <UnlockScreen
        initialStatus={status({ failedAttempts: 3, retryAfterMs: 64_000 })}
        onSession={ignore}
        onWipedAfterFailures={ignore}
      />,
    );
    expect(html).toMatch(/<input[^>]*disabled=""[^>]*data-testid="unlock-passphrase"/);
    expect(html).toMatch(/Повторить попытку можно через 1:0[34]/);
    expect(html).toContain('3 неудачные попытки подряд.');
  });

  it('tells how many attempts remain when wipe-after-N is on', async () => {
    const locked = status({
      failedAttempts: 5,
      settings: { idleLockMinutes: 10, wipeAfterFailures: 10 },
    });
    const props = { initialStatus: locked, onSession: ignore, onWipedAfterFailures: ignore };
    expect(await render('ru', <UnlockScreen {...props} />)).toContain(
      'Осталось 5 попыток, затем все данные на этом компьютере будут уничтожены.',
    );
    expect(await render('en', <UnlockScreen {...props} />)).toContain(
      '5 attempts left before all data on this computer is wiped.',
    );
    expect(await render('ky', <UnlockScreen {...props} />)).toContain('5 аракет калды');
  });

  it('opens with the refusal it is given: a lock came in while the vault was created', async () => {
    const props = {
      initialStatus: status({}),
      onSession: ignore,
      onWipedAfterFailures: ignore,
      initialError: 'LOCKED_WHILE_OPENING' as const,
    };
    expect(await render('en', <UnlockScreen {...props} />)).toContain(
      'Depter was locked again while it was opening',
    );
    expect(await render('ru', <UnlockScreen {...props} />)).toContain(
      'Depter снова заблокировался, пока открывался',
    );
    expect(await render('ky', <UnlockScreen {...props} />)).toContain(
      'Depter ачылып жатканда кайра кулпуланды',
    );
  });
});

describe('foreign key file screen', () => {
  it.each(LANGUAGES)('explains the mismatch and offers only quick wipe (%s)', async (lng) => {
    const html = await render(lng, <ForeignKeyScreen />);
    expect(html).toContain('role="alert"');
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('data-testid="quick-wipe"');
    expect(text(html)).not.toMatch(/\b(foreign|wipe)\.[a-zA-Z]/);
  });
});

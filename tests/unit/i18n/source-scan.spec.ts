import { describe, expect, it } from 'vitest';
import { flatten } from './catalog';
import { unresolvedKeys } from './key-check';
import { scanSource } from './source-scan';

const scan = (code: string) => scanSource('Widget.tsx', code, true);
const messages = (code: string) => scan(code).literals.map((f) => `${f.line}: ${f.message}`);

describe('source scan: user-visible literals', () => {
  it('flag JSX text with letters, and let punctuation and numbers pass', () => {
    const code = [
      'export function W() {',
      '  return (',
      '    <div>',
      '      Save changes',
      '      <span> — 42 · </span>',
      '    </div>',
      '  );',
      '}',
    ].join('\n');
    expect(messages(code)).toEqual(['4: JSX text: "Save changes"']);
  });

  it('flag literals in visible attributes of elements and components, not in class names or ids', () => {
    const code = `export const W = () => (
  <form className="incident-form" id="form-1" data-testid="form">
    <input placeholder="Search incidents" aria-label={'Поиск'} type="text" />
    <img alt="logo" src="a.png" />
    <input type="submit" value="Save" />
    <input type="hidden" value="draft" />
    <TextField label="Title" hint={busy ? 'Saving' : 'Saved'} name="title" />
    <option value="detention">{t('vocab:violation.detention')}</option>
  </form>
);`;
    expect(messages(code)).toEqual([
      '3: placeholder=: "Search incidents"',
      '3: aria-label=: "Поиск"',
      '4: alt=: "logo"',
      '5: value=: "Save"',
      '7: label=: "Title"',
      '7: hint=: "Saving"',
      '7: hint=: "Saved"',
    ]);
  });

  it('flag string literals rendered as children, in templates and in dialogs', () => {
    const code = `export function W({ n }: { n: number }) {
  if (!confirm('Discard changes?')) return null;
  return <p>{n === 0 ? 'None' : n}{\`\${n} records\`}{t('ok')}</p>;
}`;
    expect(messages(code)).toEqual([
      '2: confirm(): "Discard changes?"',
      '3: JSX child: "None"',
      '3: JSX child: "records"',
    ]);
  });

  it('accept text that goes through t()', () => {
    const code = `export function W() {
  const { t } = useTranslation('editor');
  return <TextField label={t('fields.title')} placeholder={t('hints.title', { max: 300 })}>{t('x')}</TextField>;
}`;
    expect(messages(code)).toEqual([]);
  });
});

describe('source scan: translation keys', () => {
  const translations = new Map([
    ['common', flatten({ save: 'Save', keys: { ctrl: 'Ctrl', cmd: 'Cmd' } })],
    ['editor', flatten({ fields: { title: 'Title' }, count_one: 'one', count_other: 'many' })],
    ['list', flatten({ filters: { label: 'Filters' } })],
    ['vocab', flatten({ region: { bishkek: 'Bishkek' } })],
  ]);
  const problems = (code: string) => unresolvedKeys(scan(code).keys, translations);

  it('resolve the namespace of useTranslation, an ns: prefix, arrays, renamed t and keyPrefix', () => {
    const code = `function A() {
  const { t } = useTranslation('editor');
  return [t('fields.title'), t('common:save'), t('fields.missing'), t('count', { count: 2 })];
}
function B() {
  const { t: tList } = useTranslation(['list', 'vocab']);
  return [tList('filters.label'), tList('region.bishkek'), tList(\`vocab:region.\${id}\`), tList(\`vocab:nope.\${id}\`)];
}
function C() {
  const { t } = useTranslation('editor', { keyPrefix: 'fields' });
  return t('title');
}
function D() {
  const { t } = useTranslation();
  return [t(isMac ? 'keys.cmd' : 'keys.alt'), i18n.t('save'), t('count')];
}`;
    expect(problems(code)).toEqual([
      'Widget.tsx:3 uses editor:fields.missing, which is not in the en locale',
      'Widget.tsx:7 uses list:region.bishkek, which is not in the en locale',
      'Widget.tsx:7 uses vocab:nope.…, which is not in the en locale',
      'Widget.tsx:15 uses common:keys.alt, which is not in the en locale',
      'Widget.tsx:15 uses common:count, which is not in the en locale',
    ]);
  });

  it('check a t received as a parameter against every namespace, and *LabelKey properties', () => {
    const code = `const NAV = [{ labelKey: 'fields.title' }, { labelKey: 'nav.gone' },
  { labelKey: 'ctrl' }, { storageKey: 'depter.lang' }];
function label(t: TFunction) {
  return [t('filters.label'), t('nowhere')];
}`;
    expect(problems(code)).toEqual([
      'Widget.tsx:1 uses (any namespace):nav.gone, which is not in the en locale',
      'Widget.tsx:4 uses (any namespace):nowhere, which is not in the en locale',
    ]);
  });
});

import type { KeyUse } from './source-scan';

const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'];
const PLURAL_FORM = new RegExp(`_(${PLURAL_SUFFIXES.join('|')})$`);

/** namespace -> flattened key -> value, for one language. */
export type Translations = ReadonlyMap<string, ReadonlyMap<string, unknown>>;

function resolves(use: KeyUse, entries: ReadonlyMap<string, unknown>): boolean {
  if (use.prefixOnly) {
    for (const key of entries.keys()) if (key.startsWith(use.key)) return true;
    return false;
  }
  if (typeof entries.get(use.key) === 'string') return true;
  if (use.suffixOnly) {
    for (const key of entries.keys()) {
      const base = key.replace(PLURAL_FORM, '');
      if (base === use.key || base.endsWith(`.${use.key}`)) return true;
    }
  }
  if (
    use.plural &&
    PLURAL_SUFFIXES.some((s) => typeof entries.get(`${use.key}_${s}`) === 'string')
  ) {
    return true;
  }
  if (use.returnObjects) {
    for (const key of entries.keys()) if (key.startsWith(`${use.key}.`)) return true;
  }
  return false;
}

/** Key uses that name no string in `translations` (plural forms count when a count is passed). */
export function unresolvedKeys(uses: readonly KeyUse[], translations: Translations): string[] {
  const problems: string[] = [];
  for (const use of uses) {
    const where =
      use.namespace === null
        ? [...translations.values()]
        : [translations.get(use.namespace) ?? new Map()];
    if (where.some((entries) => resolves(use, entries))) continue;
    const key = `${use.namespace ?? '(any namespace)'}:${use.key}${use.prefixOnly ? '…' : ''}`;
    problems.push(`${use.file}:${use.line} uses ${key}, which is not in the en locale`);
  }
  return problems;
}

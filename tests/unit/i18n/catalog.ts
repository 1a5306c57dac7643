import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** One language's namespace file, flattened to dotted keys as i18next resolves them. */
export interface NamespaceFile {
  language: string;
  namespace: string;
  /** Dotted key -> value. Non-string leaves are kept so a check can report them. */
  entries: Map<string, unknown>;
}

/** language -> namespace -> file */
export type Catalog = Map<string, Map<string, NamespaceFile>>;

export const LOCALES_DIR = join(import.meta.dirname, '..', '..', '..', 'locales');

/** Flattens nested JSON objects with '.' (i18next's default key separator). */
export function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
    }
  } else {
    into.set(prefix, value);
  }
  return into;
}

export function loadCatalog(languages: readonly string[], dir = LOCALES_DIR): Catalog {
  const catalog: Catalog = new Map();
  for (const language of languages) {
    const files = new Map<string, NamespaceFile>();
    const languageDir = join(dir, language);
    const names = existsSync(languageDir) ? readdirSync(languageDir) : [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const namespace = name.slice(0, -'.json'.length);
      const parsed: unknown = JSON.parse(readFileSync(join(languageDir, name), 'utf8'));
      files.set(namespace, { language, namespace, entries: flatten(parsed) });
    }
    catalog.set(language, files);
  }
  return catalog;
}

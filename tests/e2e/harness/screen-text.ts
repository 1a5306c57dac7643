import type { Page } from '@playwright/test';
import { LANGUAGE_NAMES, type Language } from '../../../src/i18n/languages';
import { messages } from './locales';

/** Attributes whose text a user sees or hears (tooltips, placeholders, screen-reader names). */
const SPOKEN_ATTRIBUTES = [
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'placeholder',
  'title',
  'alt',
];

/**
 * Every piece of text the current screen shows or announces: visible text
 * nodes, the spoken attributes of visible elements, the options of visible
 * selects, button-like input values and the document title. Values typed
 * into fields are left out (they are the user's data, not the UI's), and so
 * is text marked translate="no" (keys and card text: codes, not language).
 */
export async function collectScreenText(page: Page): Promise<string[]> {
  return page.evaluate((attributes) => {
    const found: string[] = [];
    const push = (text: string | null | undefined) => {
      const trimmed = text?.replace(/\s+/g, ' ').trim();
      if (trimmed) found.push(trimmed);
    };
    const visible = (element: Element) =>
      element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript, template, option')) continue;
      // A textarea's text node mirrors what was typed into it (React keeps its default value in step).
      if (parent.closest('textarea, [translate="no"]')) continue;
      if (visible(parent)) push(node.textContent);
    }
    for (const element of document.body.querySelectorAll('*')) {
      if (!visible(element)) continue;
      for (const attribute of attributes) push(element.getAttribute(attribute));
      if (element instanceof HTMLSelectElement) {
        for (const option of element.options) push(option.label || option.text);
      }
      if (
        element instanceof HTMLInputElement &&
        ['button', 'submit', 'reset'].includes(element.type)
      ) {
        push(element.value);
      }
    }
    push(document.title);
    return found;
  }, SPOKEN_ATTRIBUTES);
}

const LATIN_WORD = /[A-Za-z]{3,}/g;

function latinWords(text: string): string[] {
  return text.match(LATIN_WORD) ?? [];
}

/**
 * Finds English left on a screen that should be entirely in `language`:
 * - any string that is exactly an English UI message (unless the target
 *   language uses the very same text, like a product name or "JSON");
 * - any Latin word of three letters or more that is not part of the user's
 *   own data, a language's self-name in the switch, or a word the target
 *   language's messages and the Russian ones both use (abbreviations, names).
 * Returns one line per finding; an empty array means the screen is clean.
 */
export function findEnglish(
  screenText: readonly string[],
  language: Exclude<Language, 'en'>,
  userData: readonly string[],
): string[] {
  const target = messages(language);
  const russian = messages('ru');
  const targetValues = new Set([...target.values()].map((value) => value.trim()));
  const englishOnly = new Map<string, string>();
  for (const [key, value] of messages('en')) {
    const text = value.trim();
    // Only messages with at least one Latin word: "{{count}}" or "—" are not English.
    if (latinWords(text).length > 0 && !targetValues.has(text)) englishOnly.set(text, key);
  }

  const allowedWords = new Set<string>();
  const allow = (text: string) =>
    latinWords(text).forEach((w) => allowedWords.add(w.toLowerCase()));
  userData.forEach(allow);
  Object.values(LANGUAGE_NAMES).forEach(allow);
  const russianWords = new Set(
    [...russian.values()].flatMap(latinWords).map((word) => word.toLowerCase()),
  );
  for (const value of target.values()) {
    for (const word of latinWords(value)) {
      if (language === 'ru' || russianWords.has(word.toLowerCase())) {
        allowedWords.add(word.toLowerCase());
      }
    }
  }

  // Shown shortened, user data cuts its words: a hash's first 12 digits can end in "ebff" of "ebffa".
  const lowerData = userData.map((text) => text.toLowerCase());
  const inUserData = (word: string) => lowerData.some((text) => text.includes(word.toLowerCase()));

  const findings: string[] = [];
  for (const text of new Set(screenText)) {
    const key = englishOnly.get(text);
    if (key) {
      findings.push(`"${text}" is the English message ${key}`);
      continue;
    }
    const stray = latinWords(text).filter(
      (word) => !allowedWords.has(word.toLowerCase()) && !inUserData(word),
    );
    if (stray.length > 0) findings.push(`"${text}" has Latin words: ${stray.join(', ')}`);
  }
  return findings;
}

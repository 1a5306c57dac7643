/**
 * Global keyboard shortcuts of the shell. Ctrl/Cmd+S is not here: saving
 * belongs to the editor, which knows what there is to save.
 */
export type ShortcutAction = 'newIncident' | 'focusSearch' | 'showHelp' | 'lock';

/** The parts of a KeyboardEvent the decision depends on (plain data, so it can be tested). */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export interface ShortcutContext {
  /** On macOS the command key plays the role Ctrl plays elsewhere. */
  isMac: boolean;
  /** Whether the key goes to a text field, where "/" and "?" are just characters. */
  inEditableField: boolean;
}

/**
 * Decides which shortcut a key press means, if any.
 *
 * Modifier shortcuts are matched on the physical key (`code`), not the
 * character: most of our users type with a Russian or Kyrgyz layout, where
 * Ctrl+N arrives with `key` "т".
 */
export function shortcutFor(press: KeyPress, context: ShortcutContext): ShortcutAction | null {
  const primary = context.isMac ? press.metaKey : press.ctrlKey;
  const other = context.isMac ? press.ctrlKey : press.metaKey;

  if (press.key === 'F1' && !primary && !other && !press.altKey) return 'showHelp';

  if (primary && !other && !press.altKey && !press.shiftKey) {
    if (press.code === 'KeyN') return 'newIncident';
    if (press.code === 'KeyF') return 'focusSearch';
    // Works from inside a text field too: locking must never wait for the user to leave one.
    if (press.code === 'KeyL') return 'lock';
    return null;
  }

  if (press.ctrlKey || press.metaKey || press.altKey || context.inEditableField) return null;
  if (press.key === '/') return 'focusSearch';
  if (press.key === '?') return 'showHelp';
  return null;
}

/** Whether keys typed while `element` has focus are text for it. */
export function isEditableElement(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLElement && element.isContentEditable) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag !== 'input') return false;
  const type = (element.getAttribute('type') ?? 'text').toLowerCase();
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file'].includes(
    type,
  );
}

/** What the help overlay lists: an i18n key under `common:shortcuts.` and the keys to press. */
export interface ShortcutDescription {
  labelKey: 'newIncident' | 'focusSearch' | 'save' | 'lock' | 'showHelp';
  /** Each alternative is a list of keys pressed together; `mod` stands for Ctrl or Cmd. */
  combinations: string[][];
}

export const SHORTCUT_LIST: readonly ShortcutDescription[] = [
  { labelKey: 'newIncident', combinations: [['mod', 'N']] },
  { labelKey: 'focusSearch', combinations: [['mod', 'F'], ['/']] },
  { labelKey: 'save', combinations: [['mod', 'S']] },
  { labelKey: 'lock', combinations: [['mod', 'L']] },
  { labelKey: 'showHelp', combinations: [['F1'], ['?']] },
];

export function isMacPlatform(userAgent: string): boolean {
  return /Mac OS X|Macintosh/.test(userAgent);
}

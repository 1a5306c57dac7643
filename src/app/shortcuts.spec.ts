import { describe, expect, it } from 'vitest';
import { isMacPlatform, shortcutFor, type KeyPress } from './shortcuts';

function press(partial: Partial<KeyPress>): KeyPress {
  return {
    key: '',
    code: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...partial,
  };
}

const pc = { isMac: false, inEditableField: false };
const pcTyping = { isMac: false, inEditableField: true };
const mac = { isMac: true, inEditableField: false };

describe('shortcutFor', () => {
  it('maps Ctrl+N and Ctrl+F on Windows and Linux', () => {
    expect(shortcutFor(press({ key: 'n', code: 'KeyN', ctrlKey: true }), pc)).toBe('newIncident');
    expect(shortcutFor(press({ key: 'f', code: 'KeyF', ctrlKey: true }), pc)).toBe('focusSearch');
  });

  it('works with a Russian keyboard layout, where Ctrl+N types "т"', () => {
    expect(shortcutFor(press({ key: 'т', code: 'KeyN', ctrlKey: true }), pc)).toBe('newIncident');
    expect(shortcutFor(press({ key: 'а', code: 'KeyF', ctrlKey: true }), pc)).toBe('focusSearch');
  });

  it('works even while typing in a field', () => {
    expect(shortcutFor(press({ key: 'n', code: 'KeyN', ctrlKey: true }), pcTyping)).toBe(
      'newIncident',
    );
  });

  it('locks with Ctrl+L (Cmd+L on macOS) on the physical key, even from a text field', () => {
    expect(shortcutFor(press({ key: 'l', code: 'KeyL', ctrlKey: true }), pc)).toBe('lock');
    expect(shortcutFor(press({ key: 'д', code: 'KeyL', ctrlKey: true }), pcTyping)).toBe('lock');
    expect(shortcutFor(press({ key: 'l', code: 'KeyL', metaKey: true }), mac)).toBe('lock');
    expect(shortcutFor(press({ key: 'L', code: 'KeyL', ctrlKey: true, shiftKey: true }), pc)).toBe(
      null,
    );
    expect(shortcutFor(press({ key: 'l', code: 'KeyL' }), pc)).toBeNull();
  });

  it('uses Cmd on macOS and ignores Ctrl there', () => {
    expect(shortcutFor(press({ key: 'n', code: 'KeyN', metaKey: true }), mac)).toBe('newIncident');
    expect(shortcutFor(press({ key: 'n', code: 'KeyN', ctrlKey: true }), mac)).toBeNull();
    expect(shortcutFor(press({ key: 'n', code: 'KeyN', metaKey: true }), pc)).toBeNull();
  });

  it('leaves Ctrl+S and other combinations alone', () => {
    expect(shortcutFor(press({ key: 's', code: 'KeyS', ctrlKey: true }), pc)).toBeNull();
    expect(
      shortcutFor(press({ key: 'N', code: 'KeyN', ctrlKey: true, shiftKey: true }), pc),
    ).toBeNull();
    expect(
      shortcutFor(press({ key: 'n', code: 'KeyN', ctrlKey: true, altKey: true }), pc),
    ).toBeNull();
  });

  it('treats "/" and "?" as shortcuts only outside text fields', () => {
    expect(shortcutFor(press({ key: '/', code: 'Slash' }), pc)).toBe('focusSearch');
    expect(shortcutFor(press({ key: '?', code: 'Slash', shiftKey: true }), pc)).toBe('showHelp');
    expect(shortcutFor(press({ key: '/', code: 'Slash' }), pcTyping)).toBeNull();
    expect(shortcutFor(press({ key: '?', code: 'Slash', shiftKey: true }), pcTyping)).toBeNull();
  });

  it('opens help with F1 anywhere', () => {
    expect(shortcutFor(press({ key: 'F1', code: 'F1' }), pcTyping)).toBe('showHelp');
  });

  it('ignores ordinary typing', () => {
    expect(shortcutFor(press({ key: 'n', code: 'KeyN' }), pc)).toBeNull();
    expect(shortcutFor(press({ key: 'Enter', code: 'Enter' }), pc)).toBeNull();
  });
});

describe('isMacPlatform', () => {
  it('recognises macOS user agents only', () => {
    expect(isMacPlatform('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Electron/45')).toBe(true);
    expect(isMacPlatform('Mozilla/5.0 (X11; Linux x86_64) Electron/45')).toBe(false);
    expect(isMacPlatform('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toBe(false);
  });
});

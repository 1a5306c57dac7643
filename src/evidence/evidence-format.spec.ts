import { describe, expect, it } from 'vitest';
import {
  copyFileName,
  formatBytes,
  formatDuration,
  formatSpeed,
  shortSha256,
  type UnitText,
} from './evidence-format';

const UNITS: Record<string, Record<string, string>> = {
  en: {
    'size.B': '{{value}} B',
    'size.KB': '{{value}} KB',
    'size.MB': '{{value}} MB',
    'size.GB': '{{value}} GB',
    'size.TB': '{{value}} TB',
    speed: '{{size}}/s',
  },
  ru: {
    'size.B': '{{value}} Б',
    'size.KB': '{{value}} КБ',
    'size.MB': '{{value}} МБ',
    'size.GB': '{{value}} ГБ',
    'size.TB': '{{value}} ТБ',
    speed: '{{size}}/с',
  },
};
const unitText =
  (language: string): UnitText =>
  (key, values) =>
    UNITS[language]![key]!.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

describe('formatBytes', () => {
  it('writes bytes as whole numbers', () => {
    expect(formatBytes(0, 'en', unitText('en'))).toBe('0 B');
    expect(formatBytes(1023, 'en', unitText('en'))).toBe('1,023 B');
  });

  it('uses binary multiples with one decimal below ten', () => {
    expect(formatBytes(1536, 'en', unitText('en'))).toBe('1.5 KB');
    expect(formatBytes(300 * 1024 * 1024, 'en', unitText('en'))).toBe('300 MB');
    expect(formatBytes(1.4 * 1024 ** 3, 'en', unitText('en'))).toBe('1.4 GB');
  });

  it('writes Russian and Kyrgyz numbers with a decimal comma and Cyrillic units', () => {
    expect(formatBytes(1.4 * 1024 ** 3, 'ru', unitText('ru'))).toBe('1,4 ГБ');
    // Kyrgyz borrows Russian number formatting where the runtime lacks ky data.
    expect(formatBytes(2.5 * 1024 * 1024, 'ky', unitText('ru'))).toBe('2,5 МБ');
  });

  it('stops at terabytes and never shows a negative size', () => {
    expect(formatBytes(5 * 1024 ** 5, 'en', unitText('en'))).toBe('5,120 TB');
    expect(formatBytes(-3, 'en', unitText('en'))).toBe('0 B');
  });
});

describe('formatSpeed', () => {
  it('is a size per second in the language', () => {
    expect(formatSpeed(80 * 1024 * 1024, 'ru', unitText('ru'))).toBe('80 МБ/с');
    expect(formatSpeed(512, 'en', unitText('en'))).toBe('512 B/s');
  });
});

describe('formatDuration', () => {
  it('writes minutes and seconds, hours only when needed', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(750)).toBe('12:30');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});

describe('shortSha256', () => {
  it('keeps the first 12 hex digits', () => {
    expect(shortSha256('ab'.repeat(32))).toBe('abababababab');
  });
});

describe('copyFileName', () => {
  it('keeps an ordinary name', () => {
    expect(copyFileName('протест 18.03.webm', 'evidence')).toBe('протест 18.03.webm');
  });

  it('replaces characters a save dialog name must not contain', () => {
    expect(copyFileName('a/b\\c:d*e?f"g<h>i|j', 'x')).toBe('a_b_c_d_e_f_g_h_i_j');
  });

  it('falls back when nothing usable is left', () => {
    expect(copyFileName('   ', 'evidence.bin')).toBe('evidence.bin');
    expect(copyFileName('..', 'evidence.bin')).toBe('evidence.bin');
  });

  it('is never longer than 255 characters', () => {
    expect(copyFileName('я'.repeat(400), 'x')).toHaveLength(255);
  });
});

import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dateTextFormatter,
  intlDateTextFormatter,
  patternDateTextFormatter,
  type CalendarText,
  type Granularity,
} from './date-text';
import { initI18n } from './index';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await initI18n('en', i18n);
});

function localeText(language: string): CalendarText {
  const t = i18n.getFixedT(language, 'common');
  return (key, values = {}) => t(key, values);
}

const plain = (text: string) => text.replace(/[\u202f\u00a0\u2009]/g, ' ');
const utc = (y: number, m: number, d = 1, h = 0, min = 0) =>
  new Date(Date.UTC(y, m - 1, d, h, min));

describe('patternDateTextFormatter with the Kyrgyz locale file', () => {
  const ky = patternDateTextFormatter(localeText('ky'));

  it('writes Kyrgyz dates the way CLDR does', () => {
    expect(ky.format(utc(2017, 3, 18), 'day')).toBe('2017-ж., 18-март');
    expect(ky.format(utc(2017, 3, 18), 'month')).toBe('2017-ж., март');
    expect(ky.format(utc(2017, 3, 18), 'year')).toBe('2017');
    expect(ky.format(utc(2017, 3, 18, 9, 5), 'minute')).toBe('2017-ж., 18-март 09:05');
  });

  it('says the year once for a range within one year', () => {
    expect(ky.formatRange(utc(2017, 3, 18), utc(2017, 4, 20), 'day')).toBe(
      '2017-ж., 18-март – 20-апрель',
    );
    expect(ky.formatRange(utc(2017, 3, 1), utc(2017, 5, 1), 'month')).toBe('2017-ж., март – май');
  });

  it('writes a range across years, or with times, as two full dates', () => {
    expect(ky.formatRange(utc(2016, 12, 30), utc(2017, 1, 2), 'day')).toBe(
      '2016-ж., 30-декабрь – 2017-ж., 2-январь',
    );
    expect(ky.joinRange('2017', '2017-ж., май')).toBe('2017 – 2017-ж., май');
  });
});

describe('the locale files agree with CLDR where the runtime has it', () => {
  const samples: [Date, Granularity][] = [];
  for (let month = 1; month <= 12; month++) {
    samples.push([utc(2017, month, 18), 'day'], [utc(2017, month, 3), 'month']);
  }
  samples.push([utc(2009, 1, 1), 'year']);

  for (const language of ['ky', 'ru', 'en']) {
    it(`matches Intl for ${language}`, () => {
      const fromFile = patternDateTextFormatter(localeText(language));
      const fromIntl = intlDateTextFormatter(language);
      for (const [date, granularity] of samples) {
        expect(plain(fromFile.format(date, granularity))).toBe(
          plain(fromIntl.format(date, granularity)),
        );
      }
    });
  }

  for (const language of ['ru', 'en']) {
    it(`matches Intl for day ranges across months in ${language}`, () => {
      const fromFile = patternDateTextFormatter(localeText(language));
      const fromIntl = intlDateTextFormatter(language);
      const start = utc(2017, 3, 18);
      const end = utc(2017, 4, 20);
      expect(plain(fromFile.formatRange(start, end, 'day'))).toBe(
        plain(fromIntl.formatRange(start, end, 'day')),
      );
    });
  }
});

describe('dateTextFormatter', () => {
  it('falls back to the locale file when the runtime lacks the language (Chromium and Kyrgyz)', () => {
    const withoutKyrgyz = (language: string) => language !== 'ky';
    const formatter = dateTextFormatter('ky', localeText('ky'), withoutKyrgyz);
    expect(formatter.format(utc(2017, 5, 9), 'day')).toBe('2017-ж., 9-май');
  });

  it('uses Intl when the runtime has the language', () => {
    const formatter = dateTextFormatter('en', localeText('en'), () => true);
    // Intl shares the month and year between both ends; the locale-file pattern would not.
    expect(plain(formatter.formatRange(utc(2017, 3, 18), utc(2017, 3, 20), 'day'))).toBe(
      'March 18 – 20, 2017',
    );
  });
});

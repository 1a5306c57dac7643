import { describe, expect, it } from 'vitest';
import { foldForSearch, foldedTerms } from './text-fold';

/** Spellings of the same name as they appear in the seed report, Kyrgyz/Russian press and passports. */
const SAME_NAME: readonly (readonly string[])[] = [
  ['Atambayev', 'Атамбаев', 'Atambaev'],
  ['Tekebayev', 'Текебаев', 'Tekebaev'],
  ['Djakupova', 'Джакупова', 'Dzhakupova', 'Jakupova', 'Жакупова'],
  ['Japarov', 'Жапаров', 'Zhaparov', 'Dzhaparov', 'Джапаров'],
  ['Karasartova', 'Карасартова'],
  ['Azattyk', 'Азаттык'],
  ['Zanoza', 'Заноза'],
  ['Bishkek', 'Бишкек'],
  ['Osh', 'Ош'],
  ['Akyrky', 'Акыркы'],
  ['Kyrgyzstan', 'Кыргызстан', 'Kirgizstan'],
  ['Almazbek', 'Алмазбек'],
  ['Sadyr', 'Садыр'],
  ['Omurbek', 'Өмүрбек', 'Ömürbek'],
  ['Abdirasulova', 'Абдирасулова'],
  ['Ismailova', 'Исмаилова', 'Ismaylova'],
  ['Otorbaev', 'Оторбаев', 'Otorbayev'],
  ['Kudryavtseva', 'Кудрявцева'],
  ['Shermamatov', 'Шермаматов'],
  ['Jorgomov', 'Жоргомов', 'Zhorgomov'],
  ['Egizbayev', 'Эгизбаев'],
  ['Soorbekov', 'Соорбеков'],
  ['Khaparov', 'Хапаров', 'Haparov'],
  ['Ata Meken', 'Ата Мекен'],
  ['Kylym Shamy', 'Кылым Шамы'],
  ['Issyk-Kul', 'Иссык-Куль', 'Issykkul'],
  ['Jalal-Abad', 'Жалал-Абад', 'Джалал-Абад', 'Dzhalal-Abad'],
  ['Özgön', 'Өзгөн', 'Ozgon'],
  ['Kök-Janggak', 'Көк-Жаңгак'],
  ['Kochkor-Ata', 'Кочкор-Ата'],
  ['Shcherbakov', 'Щербаков', 'Scherbakov'],
  ['Yevgeniy', 'Евгений', 'Evgeny', 'Evgenii'],
  ['Fyodor', 'Фёдор', 'Fedor'],
  ['Solovyov', 'Соловьёв'],
  ['Yelena', 'Елена'],
  ['Yuliya', 'Юлия', 'Iuliia'],
  ['Tatyana', 'Татьяна', 'Tatiana'],
  ['Kassymov', 'Касымов'],
  ['Aliev', 'Алиев'],
  // Kazakh and Uzbek letters in names met in Kyrgyzstan.
  ['Nurgali', 'Нұрғали'],
  ['Qasym', 'Қасым'],
  ['Go‘zal', 'Ғўзал', "G'ozal"],
];

describe('foldForSearch', () => {
  it.each(SAME_NAME.map((names) => [names[0], names]))(
    'gives every spelling of %s the same skeleton',
    (_, names) => {
      const skeletons = new Set(names.map(foldForSearch));
      expect([...skeletons]).toHaveLength(1);
    },
  );

  it('keeps different names apart', () => {
    expect(foldForSearch('Japarov')).not.toBe(foldForSearch('Jeenbekov'));
    expect(foldForSearch('Бишкек')).not.toBe(foldForSearch('Ош'));
    expect(foldForSearch('Tekebayev')).not.toBe(foldForSearch('Atambayev'));
  });

  it('folds letters that are decomposed or outside the table through normalisation', () => {
    expect(foldForSearch('Ӱлӱ')).toBe('ulu');
    expect(foldForSearch('Андреи\u0306')).toBe(foldForSearch('Андрей'));
    expect(foldForSearch('ӂ')).toBe('j');
  });

  it('ignores case and diacritics', () => {
    expect(foldForSearch('ÉCOLE Ünal')).toBe(foldForSearch('ecole unal'));
    expect(foldForSearch('БИШКЕК')).toBe('bishkek');
  });

  it('turns punctuation into single spaces and trims', () => {
    expect(foldForSearch('  «Азаттык» —  Radio\tFree/Europe; 24.kg  ')).toBe(
      'azatik radio fre europe 24 kg',
    );
  });

  it('joins hyphenated and apostrophised words so either way of writing them matches', () => {
    expect(foldForSearch('Kara-Balta')).toBe(foldForSearch('Karabalta'));
    expect(foldForSearch("O'Brien")).toBe(foldForSearch('OBrien'));
  });

  it('returns an empty string for text with nothing searchable', () => {
    expect(foldForSearch('')).toBe('');
    expect(foldForSearch(' — «» … ')).toBe('');
  });

  it('keeps digits so case numbers stay searchable', () => {
    expect(foldForSearch('Дело № УД-2017/105')).toBe('delo no ud2017 105');
  });

  it('lets a partly typed Latin name find the Cyrillic one as a substring', () => {
    const haystack = foldForSearch('Садыр Жапаров, Алиев, Атамбаев');
    for (const typed of ['Zhap', 'Japa', 'Sad', 'Ali', 'Atamba']) {
      expect(haystack).toContain(foldForSearch(typed));
    }
  });
});

describe('foldedTerms', () => {
  it('splits a query into folded terms', () => {
    expect(foldedTerms('  Жапаров   Bishkek ')).toEqual(['japarov', 'bishkek']);
  });

  it('returns no terms for an empty or punctuation-only query', () => {
    expect(foldedTerms('')).toEqual([]);
    expect(foldedTerms(' ,.; ')).toEqual([]);
  });
});

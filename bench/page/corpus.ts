/**
 * Word material for generated incidents, after the kind of events in the
 * seed monitoring report (marches in Bishkek, defamation suits against news
 * sites, summonses of social media users), in Russian, Kyrgyz and English.
 */

export type TextLanguage = 'ru' | 'ky' | 'en';

export interface Place {
  ru: string;
  ky: string;
  en: string;
}

export const PLACES: readonly Place[] = [
  { ru: 'Бишкек', ky: 'Бишкек', en: 'Bishkek' },
  { ru: 'Ош', ky: 'Ош', en: 'Osh' },
  { ru: 'Джалал-Абад', ky: 'Жалал-Абад', en: 'Jalal-Abad' },
  { ru: 'Каракол', ky: 'Каракол', en: 'Karakol' },
  { ru: 'Нарын', ky: 'Нарын', en: 'Naryn' },
  { ru: 'Талас', ky: 'Талас', en: 'Talas' },
  { ru: 'Баткен', ky: 'Баткен', en: 'Batken' },
  { ru: 'Токмок', ky: 'Токмок', en: 'Tokmok' },
  { ru: 'Кара-Балта', ky: 'Кара-Балта', en: 'Kara-Balta' },
  { ru: 'Узген', ky: 'Өзгөн', en: 'Uzgen' },
];

export const SPOTS: Readonly<Record<TextLanguage, readonly string[]>> = {
  ru: ['у здания Белого дома', 'в парке Победы', 'на площади Ала-Тоо', 'у здания суда', 'у ГУВД'],
  ky: ['Ак үйдүн алдында', 'Жеңиш паркында', 'Ала-Тоо аянтында', 'сот имаратынын алдында'],
  en: ['outside the White House', 'in Victory Park', 'on Ala-Too Square', 'outside the court'],
};

/** Female and male first names; surnames take the matching ending. */
export const FIRST_NAMES: readonly { name: string; female: boolean }[] = [
  ...['Азиза', 'Толекан', 'Рита', 'Татьяна', 'Бермет', 'Айгүл', 'Нургүл', 'Чолпон', 'Жылдыз']
    .concat(['Гүлнара', 'Динара', 'Эльмира', 'Асель', 'Жанар', 'Айпери', 'Мээрим', 'Элнура'])
    .concat(['Чынара', 'Назира', 'Акмарал'])
    .map((name) => ({ name, female: true })),
  ...['Садыр', 'Өмүрбек', 'Улан', 'Мурат', 'Зарыл', 'Мунарбек', 'Кубат', 'Эркин', 'Бакыт']
    .concat(['Азамат', 'Айбек', 'Канат', 'Нурлан', 'Тимур', 'Руслан', 'Алмаз', 'Урмат'])
    .concat(['Бектур', 'Санжар', 'Темир', 'Болот', 'Акылбек', 'Дастан'])
    .map((name) => ({ name, female: false })),
];

export const SURNAME_STEMS: readonly string[] = [
  'Абдирасул',
  'Исмаил',
  'Жапар',
  'Текебай',
  'Эгизбай',
  'Соорбек',
  'Шермамат',
  'Каракоз',
  'Оторбай',
  'Асанбек',
  'Токтогул',
  'Мамыт',
  'Сыдык',
  'Бекназар',
  'Жээнбек',
  'Курманал',
  'Осмон',
  'Турсунбай',
  'Алымбек',
  'Садыр',
  'Кудрявцев',
  'Карасарт',
  'Жоргомуш',
  'Иманалы',
  'Момун',
];

/** Media outlets and NGOs, with their usual Latin spelling. */
export const ORGANISATIONS: readonly { cyrillic: string; latin: string }[] = [
  { cyrillic: 'Азаттык', latin: 'Azattyk' },
  { cyrillic: 'Заноза', latin: 'Zanoza' },
  { cyrillic: 'Клооп', latin: 'Kloop' },
  { cyrillic: 'Апрель ТВ', latin: 'April TV' },
  { cyrillic: 'Сентябрь ТВ', latin: 'September TV' },
  { cyrillic: 'Биа.кг', latin: 'Bia.kg' },
  { cyrillic: '24.кг', latin: '24.kg' },
  { cyrillic: 'Темиров Лайв', latin: 'Temirov Live' },
  { cyrillic: 'Адилет', latin: 'Adilet' },
  { cyrillic: 'Кылым шамы', latin: 'Kylym Shamy' },
  { cyrillic: 'Бир Дуйно Кыргызстан', latin: 'Bir Duino Kyrgyzstan' },
  { cyrillic: 'Правовое процветание', latin: 'Legal Prosperity' },
];

/** Title templates: {name} a person, {org} an organisation, {place} a town, {spot} a place in it. */
export const TITLES: Readonly<Record<TextLanguage, readonly string[]>> = {
  ru: [
    'Задержание участников мирного шествия в городе {place}',
    'Иск о защите чести и достоинства против {org}',
    'Запрет собрания {spot} ({place})',
    'Административный арест активиста {name}',
    'Вызов журналиста {name} в ГКНБ',
    'Блокировка сайта {org}',
    'Разгон митинга в поддержку {name}',
    'Уголовное дело против правозащитника {name}',
    'Задержание журналистов {org} в аэропорту Манас',
    'Штраф за публикацию в социальных сетях: {name}',
  ],
  ky: [
    '{place} шаарында тынч жүрүштүн катышуучулары кармалды',
    '{org} басылмасына каршы ар-намысты коргоо боюнча доо',
    '{spot} жыйынга тыюу салынды',
    'Активист {name} администрациялык камакка алынды',
    'Журналист {name} УКМКга чакырылды',
    '{org} сайты бөгөттөлдү',
    '{name} колдоо митинги таратылды',
    'Укук коргоочу {name} боюнча кылмыш иши козголду',
    '{org} журналисттери Манас аэропортунда кармалды',
  ],
  en: [
    'Participants of a peaceful march detained in {place}',
    'Defamation lawsuit against {org}',
    'Assembly banned {spot} ({place})',
    'Activist {name} sentenced to administrative arrest',
    'Journalist {name} summoned by the GKNB',
    'Website of {org} blocked',
    'Rally in support of {name} dispersed',
    'Criminal case opened against human rights defender {name}',
    'Journalists of {org} detained at Manas airport',
  ],
};

/** Summary sentences; {n} is a count. */
export const SENTENCES: Readonly<Record<TextLanguage, readonly string[]>> = {
  ru: [
    'Местные власти были заранее уведомлены о шествии.',
    'Полиция задержала {n} человек, когда участники вышли на проезжую часть.',
    'Среди задержанных был депутат {name} и журналист {org}.',
    'Суд приговорил пятерых активистов к пяти суткам ареста.',
    'Генеральная прокуратура потребовала {n} миллионов сомов в качестве компенсации.',
    'Задержанные сообщили о бесчеловечных условиях содержания в изоляторе.',
    'Омбудсмен осмотрел изолятор и признал условия пыткой.',
    'Журналисты предъявили удостоверения, но их доставили в отдел милиции.',
    'Пользователя вызвали на беседу из-за поста в Facebook о президенте.',
    'Адвоката не допустили к задержанному {name}.',
  ],
  ky: [
    'Жергиликтүү бийлик жүрүш тууралуу алдын ала кабардар болгон.',
    'Катышуучулар көчөгө чыкканда милиция {n} адамды кармады.',
    'Кармалгандардын арасында депутат {name} жана {org} журналисти болгон.',
    'Сот беш активистти беш суткага камакка кести.',
    'Башкы прокуратура {n} миллион сом компенсация талап кылды.',
    'Кармалгандар изолятордогу адамгерчиликсиз шарттар тууралуу билдиришти.',
    'Акыйкатчы изоляторду текшерип, шарттарды кыйноо деп тапты.',
    'Журналисттер күбөлүктөрүн көрсөтүшкөн, бирок милиция бөлүмүнө алып барышты.',
    'Колдонуучу президент тууралуу Facebook посту үчүн аңгемелешүүгө чакырылды.',
  ],
  en: [
    'Local authorities had been informed of the march in advance.',
    'Police detained {n} people when the participants stepped onto the street.',
    'Among those detained were MP {name} and a journalist of {org}.',
    'A court sentenced five activists to five days of administrative arrest.',
    'The General Prosecutor claimed {n} million som in compensation.',
    'The detainees reported inhumane conditions in the detention facility.',
    'The Ombudsman inspected the facility and found the conditions amounted to torture.',
    'The journalists showed their press cards but were taken to a police station.',
    'A social media user was summoned over a Facebook post about the president.',
  ],
};

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'ng',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** A passport-style Latin spelling of a Kyrgyz or Russian name ("Өмүрбек" -> "Omurbek"). */
export function transliterate(text: string): string {
  return [...text]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const latin = CYRILLIC_TO_LATIN[lower];
      if (latin === undefined) return ch;
      return ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
    })
    .join('');
}

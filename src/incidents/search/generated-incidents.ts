/**
 * Deterministic synthetic incidents and actors for load checks of the search
 * index (a spec here, and any benchmark that wants the same shape of data).
 * Text mixes Russian, Kyrgyz and Latin-script names as real records do.
 */
import type { Actor } from '../../domain/actor';
import type { Incident } from '../../domain/incident';
import { seededRandom } from '../../../scripts/seeded-random';
import { REGION_IDS } from '../../domain/regions';
import { CATEGORIES, STATUSES, VIOLATION_TYPES, VICTIM_ROLES } from '../../domain/vocabularies';

const GIVEN = [
  'Азамат',
  'Айгүл',
  'Бакыт',
  'Нурлан',
  'Жылдыз',
  'Тилек',
  'Өмүрбек',
  'Гүлнара',
  'Эрлан',
  'Чынара',
];
const FAMILY = [
  'Жапаров',
  'Текебаев',
  'Исмаилова',
  'Абдырасулова',
  'Шермаматов',
  'Жоргомов',
  'Эгизбаев',
  'Соорбеков',
  'Карасартова',
  'Кудайбергенов',
];
const LATIN = [
  'Japarov',
  'Tekebayev',
  'Ismailova',
  'Abdirasulova',
  'Shermamatov',
  'Jorgomov',
  'Egizbayev',
  'Soorbekov',
  'Karasartova',
  'Kudaibergenov',
];
const TITLES = [
  'Задержание участников мирного собрания',
  'Иск о защите чести и достоинства против СМИ',
  'Разгон акции протеста',
  'Вызов активиста в ГКНБ',
  'Блокировка новостного сайта',
  'Тынч чогулуштун катышуучуларын кармоо',
  'Журналисттин ишине тоскоол болуу',
  'Штраф за пикет у здания суда',
];
const PLACES = [
  'площадь Ала-Тоо',
  'парк Победы',
  'здание суда',
  'Белый дом',
  'аэропорт Манас',
  'районный отдел милиции',
];

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

function uuidFor(kind: number, n: number): string {
  return `0190a5b2-7c3d-7e4f-8a1b-${kind.toString(16)}${n.toString(16).padStart(11, '0')}`;
}

export function generateActors(count: number, seed = 1): Actor[] {
  const random = seededRandom(seed);
  const actors: Actor[] = [];
  for (let n = 0; n < count; n++) {
    const family = Math.floor(random() * FAMILY.length);
    const given = pick(random, GIVEN);
    actors.push({
      id: uuidFor(1, n),
      rev: 1,
      updatedAt: '2024-01-01T00:00:00.000Z',
      updatedBy: 'generator',
      changeSeq: n,
      deleted: false,
      kind: 'person',
      name: `${given} ${FAMILY[family]}`,
      nameVariants: [`${LATIN[family]} ${n}`],
      defaultRole: pick(random, VICTIM_ROLES),
      affiliation: '',
      description: '',
      notes: '',
    });
  }
  return actors;
}

export function generateIncidents(count: number, actors: readonly Actor[], seed = 2): Incident[] {
  const random = seededRandom(seed);
  const incidents: Incident[] = [];
  for (let n = 0; n < count; n++) {
    const year = 2010 + Math.floor(random() * 15);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const victim = actors.length > 0 ? pick(random, actors) : null;
    incidents.push({
      id: uuidFor(2, n),
      rev: 1,
      updatedAt: `2024-${month}-${day}T12:00:00.000Z`,
      updatedBy: 'generator',
      changeSeq: n,
      deleted: false,
      title: `${pick(random, TITLES)} №${n}`,
      summary: `${pick(random, TITLES)}. Место: ${pick(random, PLACES)}. Свидетель: ${pick(random, GIVEN)} ${pick(random, FAMILY)}.`,
      categories: [pick(random, CATEGORIES)],
      violations: [pick(random, VIOLATION_TYPES), pick(random, VIOLATION_TYPES)],
      date:
        random() < 0.1
          ? { precision: 'month', start: `${year}-${month}`, end: '' }
          : { precision: 'day', start: `${year}-${month}-${day}`, end: '' },
      location: {
        region: pick(random, REGION_IDS),
        settlement: '',
        place: pick(random, PLACES),
        coordinates: null,
      },
      victims: victim ? [{ actorId: victim.id, role: 'activist', note: '' }] : [],
      groups: [
        {
          outcome: 'detained',
          count: Math.floor(random() * 200),
          qualifier: 'exact',
          description: '',
        },
      ],
      perpetrators: [{ type: 'police', actorId: null, description: '' }],
      proceedings: [],
      sources: [
        {
          type: 'media',
          reference: `https://24.kg/news/${n}`,
          reliability: 'medium',
          consent: 'unknown',
          date: '',
        },
      ],
      confidentiality: 'restricted',
      status: pick(random, STATUSES),
      evidenceIds: [],
      notes: '',
    });
  }
  return incidents;
}

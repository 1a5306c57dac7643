import { REGION_IDS } from '../../src/domain/regions';
import { CATEGORIES, STATUSES, VIOLATION_TYPES } from '../../src/domain/vocabularies';
import { NO_FILTERS, type IncidentFilters } from '../../src/incidents/search/search-index';
import type { Random } from './random';

/** Words a monitor would type, in the scripts the records are written in. */
const CYRILLIC_TERMS = [
  'задержан',
  'митинг',
  'Бишкек',
  'журналист',
  'кармалды',
  'Азаттык',
  'прокуратура',
  'изолятор',
  'жүрүш',
  'Өзгөн',
  'ГКНБ',
  'шествия',
  'сот',
  'БИШКЕК',
  'Клооп',
];
const LATIN_TERMS = [
  'Bishkek',
  'detained',
  'Kloop',
  'Azattyk',
  'lawsuit',
  'Facebook',
  'journalist',
  'Manas',
  'OSH',
  'Temirov',
];

/** "уулу"/"кызы" (son/daughter of) are in half the names: nobody searches by them alone. */
const PATRONYMIC_MARKERS = new Set(['уулу', 'кызы', 'uulu', 'kyzy']);

export interface BenchQuery {
  label: string;
  filters: IncidentFilters;
}

/**
 * A mix of single and two-term searches in Cyrillic and Latin (actor names in
 * both scripts among them), 40 % of them combined with a category, violation,
 * region, date range or status filter.
 */
export function generateQueries(
  random: Random,
  count: number,
  actorNames: readonly string[],
): BenchQuery[] {
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.next();
    let text: string;
    if (kind < 0.3) text = random.pick(CYRILLIC_TERMS);
    else if (kind < 0.5) text = random.pick(LATIN_TERMS);
    else if (kind < 0.7) {
      // A surname or organisation name as typed, in whichever script the pool has it.
      const words = random
        .pick(actorNames)
        .split(/\s+/)
        .filter((word) => /^\p{L}{4,}$/u.test(word) && !PATRONYMIC_MARKERS.has(word));
      text = words.length > 0 ? random.pick(words) : random.pick(LATIN_TERMS);
    } else if (kind < 0.85) text = `${random.pick(CYRILLIC_TERMS)} ${random.pick(CYRILLIC_TERMS)}`;
    else text = `${random.pick(LATIN_TERMS)} ${random.pick(CYRILLIC_TERMS)}`;

    const filters: IncidentFilters = { ...NO_FILTERS, text };
    const filtered: string[] = [];
    if (random.chance(0.4)) {
      const which = random.int(0, 4);
      if (which === 0) filters.categories = [random.pick(CATEGORIES)];
      if (which === 1) filters.violations = [random.pick(VIOLATION_TYPES)];
      if (which === 2) filters.regions = [random.pick(REGION_IDS)];
      if (which === 3) {
        const year = random.int(2010, 2025);
        filters.dateFrom = `${year}-01-01`;
        filters.dateTo = `${year + 1}-06-30`;
      }
      if (which === 4) filters.statuses = [random.pick(STATUSES)];
      filtered.push(['category', 'violation', 'region', 'dates', 'status'][which] ?? '');
    }
    queries.push({ label: filtered.length ? `${text} + ${filtered.join(', ')}` : text, filters });
  }
  return queries;
}

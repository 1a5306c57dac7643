import { describe, expect, it } from 'vitest';
import { generateQueries } from '../../../bench/page/queries';
import { Random } from '../../../bench/page/random';

describe('bench search queries', () => {
  const queries = generateQueries(new Random(3), 200, [
    'Азиза Абдирасулова',
    'Aziza Abdirasulova',
    'Улан Осмон уулу',
  ]);

  it('mix Cyrillic and Latin, single and multi-term, with and without filters', () => {
    const texts = queries.map((q) => q.filters.text);
    expect(texts.every((t) => t.trim().length > 0)).toBe(true);
    expect(texts.some((t) => /\p{Script=Cyrillic}/u.test(t))).toBe(true);
    expect(texts.some((t) => /^[A-Za-z ]+$/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes(' '))).toBe(true);
    const filtered = queries.filter(
      (q) =>
        q.filters.categories.length +
          q.filters.violations.length +
          q.filters.regions.length +
          q.filters.statuses.length >
          0 || q.filters.dateFrom !== '',
    );
    expect(filtered.length).toBeGreaterThan(40);
    expect(filtered.length).toBeLessThan(120);
  });

  it('never search by a patronymic marker alone', () => {
    expect(queries.map((q) => q.filters.text)).not.toContain('уулу');
  });
});

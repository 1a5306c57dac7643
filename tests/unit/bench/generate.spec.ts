import { describe, expect, it } from 'vitest';
import { actorBodySchema } from '../../../src/domain/actor';
import { incidentBodySchema } from '../../../src/domain/incident';
import { newId } from '../../../src/domain/ids';
import { TITLES, transliterate } from '../../../bench/page/corpus';
import { generateActors, generateIncident, type ActorRef } from '../../../bench/page/generate';
import { Random } from '../../../bench/page/random';

/** Each language's title templates as patterns, to tell which language a title was written in. */
const TEMPLATES = Object.fromEntries(
  Object.entries(TITLES).map(([language, templates]) => [
    language,
    templates.map(
      (template) =>
        new RegExp(
          `^${template
            .split(/\{\w+\}/)
            .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
            .join('.+')}$`,
        ),
    ),
  ]),
) as Record<'ru' | 'ky' | 'en', RegExp[]>;

function actorPool(seed: number, count: number): ActorRef[] {
  return generateActors(new Random(seed), count).map((body) => ({
    id: newId(),
    name: body.name,
    kind: body.kind,
  }));
}

describe('bench data generator', () => {
  it('is deterministic for a seed', () => {
    expect(generateActors(new Random(7), 20)).toEqual(generateActors(new Random(7), 20));
    const actors = actorPool(1, 50);
    const a = Array.from(
      { length: 20 },
      (
        (random) => () =>
          generateIncident(random, actors)
      )(new Random(9)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (random) => () =>
          generateIncident(random, actors)
      )(new Random(9)),
    );
    expect(a).toEqual(b);
  });

  it('makes actors the schema accepts, with a Latin name variant', () => {
    for (const body of generateActors(new Random(3), 300)) {
      expect(actorBodySchema.safeParse(body).success).toBe(true);
      expect(body.nameVariants.some((v) => /^[\x20-\x7e]+$/.test(v))).toBe(true);
    }
  });

  it('makes incidents the schema accepts, in three languages, linking 0-5 pool actors', () => {
    const actors = actorPool(4, 200);
    const ids = new Set(actors.map((a) => a.id));
    const random = new Random(5);
    const perLanguage = { ru: 0, ky: 0, en: 0 };
    for (let i = 0; i < 500; i++) {
      const body = generateIncident(random, actors);
      const parsed = incidentBodySchema.safeParse(body);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(body.victims.length).toBeLessThanOrEqual(5);
      for (const victim of body.victims) expect(ids.has(victim.actorId)).toBe(true);
      const year = Number(body.date.start.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(2010);
      expect(year).toBeLessThanOrEqual(2026);
      for (const language of ['ru', 'ky', 'en'] as const) {
        if (TEMPLATES[language].some((template) => template.test(body.title)))
          perLanguage[language]++;
      }
    }
    // Russian 50 %, Kyrgyz 30 %, English 20 % of 500.
    expect(perLanguage.ru).toBeGreaterThan(200);
    expect(perLanguage.ru).toBeLessThan(300);
    expect(perLanguage.ky).toBeGreaterThan(100);
    expect(perLanguage.ky).toBeLessThan(200);
    expect(perLanguage.en).toBeGreaterThan(50);
    expect(perLanguage.en).toBeLessThan(150);
  });

  it('transliterates Kyrgyz and Russian names to Latin', () => {
    expect(transliterate('Өмүрбек Текебаев')).toBe('Omurbek Tekebaev');
    expect(transliterate('Жылдыз Шермаматова')).toBe('Zhyldyz Shermamatova');
  });
});

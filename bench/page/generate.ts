import type { ActorBody } from '../../src/domain/actor';
import type { IncidentBody } from '../../src/domain/incident';
import { REGION_IDS } from '../../src/domain/regions';
import {
  CATEGORIES,
  CONFIDENTIALITY,
  GROUP_OUTCOMES,
  PERPETRATOR_TYPES,
  RELIABILITY,
  SOURCE_TYPES,
  STATUSES,
  VICTIM_ROLES,
  VIOLATION_TYPES,
  type VictimRole,
} from '../../src/domain/vocabularies';
import {
  FIRST_NAMES,
  ORGANISATIONS,
  PLACES,
  SENTENCES,
  SPOTS,
  SURNAME_STEMS,
  TITLES,
  transliterate,
  type TextLanguage,
} from './corpus';
import type { Random } from './random';

/** An actor as incidents refer to it: its id and the name used in text. */
export interface ActorRef {
  id: string;
  name: string;
  kind: ActorBody['kind'];
}

const PERSON_ROLES: readonly VictimRole[] = VICTIM_ROLES.filter(
  (role) => !['media_outlet', 'ngo', 'political_party'].includes(role),
);

function personBody(random: Random): ActorBody {
  const first = random.pick(FIRST_NAMES);
  const stem = random.pick(SURNAME_STEMS);
  const surname = random.chance(0.2)
    ? `${stem} ${first.female ? 'кызы' : 'уулу'}`
    : `${stem}${first.female ? 'ова' : 'ов'}`;
  const name = `${first.name} ${surname}`;
  const latin = transliterate(name);
  return {
    kind: 'person',
    name,
    // The variants a monitor would search by: Latin script, and surname with initial.
    nameVariants: [latin, `${transliterate(surname)} ${latin.charAt(0)}.`],
    defaultRole: random.pick(PERSON_ROLES),
    affiliation: random.chance(0.3) ? random.pick(ORGANISATIONS).cyrillic : '',
    description: '',
    notes: '',
  };
}

function organisationBody(random: Random): ActorBody {
  const organisation = random.pick(ORGANISATIONS);
  const place = random.pick(PLACES);
  const branch = random.chance(0.5) ? ` (${place.ru})` : '';
  return {
    kind: 'organisation',
    name: `${organisation.cyrillic}${branch}`,
    nameVariants: [`${organisation.latin}${branch ? ` (${place.en})` : ''}`],
    defaultRole: random.pick(['media_outlet', 'ngo'] as const),
    affiliation: '',
    description: '',
    notes: '',
  };
}

/** A pool of people (90 %) and organisations with Cyrillic names and Latin variants. */
export function generateActors(random: Random, count: number): ActorBody[] {
  return Array.from({ length: count }, () =>
    random.chance(0.9) ? personBody(random) : organisationBody(random),
  );
}

function fill(
  template: string,
  random: Random,
  language: TextLanguage,
  people: ActorRef[],
  orgs: ActorRef[],
) {
  const place = random.pick(PLACES)[language];
  return template
    .replaceAll('{place}', place)
    .replaceAll('{spot}', random.pick(SPOTS[language]))
    .replaceAll('{n}', String(random.int(2, 120)))
    .replaceAll(
      '{name}',
      people.length > 0 ? random.pick(people).name : random.pick(FIRST_NAMES).name,
    )
    .replaceAll(
      '{org}',
      orgs.length > 0 ? random.pick(orgs).name : random.pick(ORGANISATIONS).latin,
    );
}

function date(random: Random): IncidentBody['date'] {
  const year = random.int(2010, 2026);
  const month = String(random.int(1, 12)).padStart(2, '0');
  const day = String(random.int(1, 28)).padStart(2, '0');
  const roll = random.next();
  if (roll < 0.75) return { precision: 'day', start: `${year}-${month}-${day}`, end: '' };
  if (roll < 0.9) return { precision: 'month', start: `${year}-${month}`, end: '' };
  if (roll < 0.95) return { precision: 'year', start: `${year}`, end: '' };
  const endDay = String(random.int(Number(day), 28)).padStart(2, '0');
  return {
    precision: 'range',
    start: `${year}-${month}-${day}`,
    end: `${year}-${month}-${endDay}`,
  };
}

/** One incident written in Russian (50 %), Kyrgyz (30 %) or English (20 %). */
export function generateIncident(random: Random, actors: readonly ActorRef[]): IncidentBody {
  const roll = random.next();
  const language: TextLanguage = roll < 0.5 ? 'ru' : roll < 0.8 ? 'ky' : 'en';
  const linked = random.sample(actors, random.int(0, 5));
  const people = linked.filter((a) => a.kind === 'person');
  const orgs = linked.filter((a) => a.kind === 'organisation');
  const summary = Array.from({ length: random.int(2, 4) }, () =>
    fill(random.pick(SENTENCES[language]), random, language, people, orgs),
  ).join(' ');
  return {
    title: fill(random.pick(TITLES[language]), random, language, people, orgs),
    summary,
    categories: random.sample(CATEGORIES, random.int(1, 2)),
    violations: random.sample(VIOLATION_TYPES, random.int(1, 3)),
    date: date(random),
    location: {
      region: random.chance(0.95) ? random.pick(REGION_IDS) : '',
      settlement: random.chance(0.5) ? random.pick(PLACES)[language] : '',
      place: random.chance(0.3) ? random.pick(SPOTS[language]) : '',
      coordinates: null,
    },
    victims: linked.map((actor) => ({
      actorId: actor.id,
      role: actor.kind === 'person' ? random.pick(PERSON_ROLES) : 'media_outlet',
      note: '',
    })),
    groups: random.chance(0.4)
      ? [
          {
            outcome: random.pick(GROUP_OUTCOMES),
            count: random.int(2, 300),
            qualifier: 'exact',
            description: '',
          },
        ]
      : [],
    perpetrators: random
      .sample(PERPETRATOR_TYPES, random.int(0, 2))
      .map((type) => ({ type, actorId: null, description: '' })),
    proceedings: [],
    sources: [
      {
        type: random.pick(SOURCE_TYPES),
        reference: `https://example.org/report/${random.int(1, 1_000_000)}`,
        reliability: random.pick(RELIABILITY),
        consent: 'not_needed',
        date: '',
      },
    ],
    confidentiality: random.pick(CONFIDENTIALITY),
    status: random.pick(STATUSES),
    evidenceIds: [],
    notes: '',
  };
}

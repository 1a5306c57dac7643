import { z } from 'zod';
import {
  CATEGORIES,
  CONFIDENTIALITY,
  CONSENT,
  COUNT_QUALIFIERS,
  CURRENCIES,
  DATE_PRECISIONS,
  GROUP_OUTCOMES,
  PERPETRATOR_TYPES,
  RELIABILITY,
  SOURCE_TYPES,
  STATUSES,
  VICTIM_ROLES,
  VIOLATION_TYPES,
} from './vocabularies';
import { REGION_IDS } from './regions';
import { syncFieldsSchema } from './sync';

const text = (max: number) => z.string().max(max);
const id = z.uuid();

/** A day that exists: the pattern alone lets 2017-02-30 and 2019-02-29 through. */
function isRealCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return true;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const lastDay = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return Number(day) <= lastDay;
}

/** ISO 8601 prefix matching the precision: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:mm. */
const partialIsoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?)?)?$/, {
    message: 'date.invalid',
  })
  .refine(isRealCalendarDay, { message: 'date.invalid' });

/**
 * Whether a range ends before it starts. The end covers everything it names
 * (an end of "2017-03" reaches the last moment of March), so it is compared
 * with a suffix above every character an ISO date uses.
 */
function endsBeforeStart(start: string, end: string): boolean {
  return `${end}\uffff` < start;
}

export const eventDateSchema = z
  .object({
    precision: z.enum(DATE_PRECISIONS),
    start: partialIsoDate.or(z.literal('')),
    /** Only for `range`: the last day (inclusive). */
    end: partialIsoDate.or(z.literal('')).default(''),
  })
  .superRefine((d, ctx) => {
    if (d.precision === 'range' && d.start && d.end && endsBeforeStart(d.start, d.end)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'date.endBeforeStart' });
    }
  });

export const locationSchema = z.object({
  /** An oblast or city id from REGIONS, or '' when unknown. */
  region: z.enum(REGION_IDS as [string, ...string[]]).or(z.literal('')),
  settlement: text(200).default(''),
  /** The exact place: a street, a court building, a park. */
  place: text(500).default(''),
  coordinates: z
    .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .nullable()
    .default(null),
});

/** A person or organisation (an actor record) and the role they had in this incident. */
export const victimLinkSchema = z.object({
  actorId: id,
  role: z.enum(VICTIM_ROLES),
  note: text(2000).default(''),
});

/** People who are not individually recorded: "105 detained", "about 300 participants". */
export const groupCountSchema = z.object({
  outcome: z.enum(GROUP_OUTCOMES),
  count: z.number().int().min(0).max(10_000_000),
  qualifier: z.enum(COUNT_QUALIFIERS).default('exact'),
  description: text(500).default(''),
});

export const perpetratorSchema = z.object({
  type: z.enum(PERPETRATOR_TYPES),
  /** Optional link to an actor record (a named court, an official). */
  actorId: id.nullable().default(null),
  description: text(500).default(''),
});

export const moneySchema = z.object({
  amount: z.number().min(0).max(1e15),
  currency: z.enum(CURRENCIES),
});

export const legalProceedingSchema = z.object({
  court: text(300).default(''),
  caseNumber: text(100).default(''),
  charges: text(2000).default(''),
  sentence: text(1000).default(''),
  /** A fine imposed or damages claimed. */
  money: moneySchema.nullable().default(null),
  date: partialIsoDate.or(z.literal('')).default(''),
  note: text(2000).default(''),
});

export const sourceSchema = z.object({
  type: z.enum(SOURCE_TYPES),
  /** A URL, a document number, or a description such as "interview with a detainee". */
  reference: text(2000).default(''),
  reliability: z.enum(RELIABILITY).default('unknown'),
  consent: z.enum(CONSENT).default('unknown'),
  date: partialIsoDate.or(z.literal('')).default(''),
});

/** Everything a monitor records about an incident: the part that issue 3 seals at rest. */
export const incidentBodySchema = z.object({
  title: text(300).min(1, { message: 'title.required' }),
  summary: text(20_000).default(''),
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).default([]),
  violations: z.array(z.enum(VIOLATION_TYPES)).max(VIOLATION_TYPES.length).default([]),
  date: eventDateSchema,
  location: locationSchema,
  victims: z.array(victimLinkSchema).max(1000).default([]),
  groups: z.array(groupCountSchema).max(100).default([]),
  perpetrators: z.array(perpetratorSchema).max(100).default([]),
  proceedings: z.array(legalProceedingSchema).max(100).default([]),
  sources: z.array(sourceSchema).max(500).default([]),
  confidentiality: z.enum(CONFIDENTIALITY).default('restricted'),
  status: z.enum(STATUSES).default('draft'),
  evidenceIds: z.array(z.string().max(100)).max(10_000).default([]),
  notes: text(50_000).default(''),
});

export const incidentSchema = syncFieldsSchema.extend(incidentBodySchema.shape);

export type EventDate = z.infer<typeof eventDateSchema>;
export type Location = z.infer<typeof locationSchema>;
export type VictimLink = z.infer<typeof victimLinkSchema>;
export type GroupCount = z.infer<typeof groupCountSchema>;
export type Perpetrator = z.infer<typeof perpetratorSchema>;
export type Money = z.infer<typeof moneySchema>;
export type LegalProceeding = z.infer<typeof legalProceedingSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type IncidentBody = z.infer<typeof incidentBodySchema>;
export type Incident = z.infer<typeof incidentSchema>;

/** A new, empty incident body: the editor starts from this. */
export function emptyIncidentBody(): IncidentBody {
  return {
    title: '',
    summary: '',
    categories: [],
    violations: [],
    date: { precision: 'day', start: '', end: '' },
    location: { region: '', settlement: '', place: '', coordinates: null },
    victims: [],
    groups: [],
    perpetrators: [],
    proceedings: [],
    sources: [],
    confidentiality: 'restricted',
    status: 'draft',
    evidenceIds: [],
    notes: '',
  };
}

import { actorBodySchema } from '../../domain/actor';
import { canonicalJson } from '../../domain/canonical-json';
import { evidenceBodySchema } from '../../domain/evidence';
import type { ExchangeTable } from '../../domain/exchange';
import { incidentBodySchema } from '../../domain/incident';

/**
 * The two revisions of a conflict as rows of the side-by-side view: one row
 * per top-level body field, in the order of the record's schema, each side
 * turned into readable lines (vocabulary values translated), and whether
 * the sides differ. Kept apart from React so every field kind is testable.
 */

/** i18next's `t` with namespaced keys (`editor:fields.title`, `vocab:category.assembly`). */
export type Translate = (key: string) => string;

export type Side = 'local' | 'incoming';

export interface FieldRow {
  field: string;
  label: string;
  differs: boolean;
  local: string[];
  incoming: string[];
}

export const FIELD_ORDER: Record<ExchangeTable, readonly string[]> = {
  incidents: Object.keys(incidentBodySchema.shape),
  actors: Object.keys(actorBodySchema.shape),
  evidence: Object.keys(evidenceBodySchema.shape),
};

const INCIDENT_SECTION_LABELS = new Set(['date', 'location']);
const INCIDENT_LIST_LABELS = new Set([
  'victims',
  'groups',
  'perpetrators',
  'proceedings',
  'sources',
]);

export function fieldLabelKey(table: ExchangeTable, field: string): string {
  if (table === 'actors') return `actors:fields.${field}`;
  if (table === 'evidence') return `exchange:conflicts.evidenceFields.${field}`;
  if (INCIDENT_SECTION_LABELS.has(field)) return `editor:sections.${field}`;
  if (INCIDENT_LIST_LABELS.has(field)) return `editor:fields.${field}.legend`;
  return `editor:fields.${field}`;
}

/** Which vocabulary a value of `field` comes from (inside a list item: `section.field`). */
const VOCABULARY: Record<string, string> = {
  categories: 'category',
  violations: 'violation',
  confidentiality: 'confidentiality',
  status: 'status',
  kind: 'actorKind',
  defaultRole: 'victimRole',
  'victims.role': 'victimRole',
  'groups.outcome': 'groupOutcome',
  'groups.qualifier': 'countQualifier',
  'perpetrators.type': 'perpetrator',
  'sources.type': 'sourceType',
  'sources.reliability': 'reliability',
  'sources.consent': 'consent',
};

/** Ids of other records mean nothing side by side. */
const HIDDEN_ITEM_FIELDS = new Set(['actorId']);

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, vocabulary: string | undefined, t: Translate): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string') return vocabulary ? t(`vocab:${vocabulary}.${value}`) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value);
}

function listItem(section: string, item: unknown, t: Translate): string {
  if (!isFields(item)) return scalar(item, VOCABULARY[section], t);
  return Object.entries(item)
    .filter(([key]) => !HIDDEN_ITEM_FIELDS.has(key))
    .map(([key, value]) => {
      if (key === 'money' && isFields(value)) {
        return `${scalar(value.amount, undefined, t)} ${scalar(value.currency, 'currency', t)}`;
      }
      return scalar(value, VOCABULARY[`${section}.${key}`], t);
    })
    .filter((text) => text.trim() !== '')
    .join(' · ');
}

/** A field's value as the lines shown for it (none when empty). */
export function displayLines(field: string, value: unknown, t: Translate): string[] {
  if (field === 'date' && isFields(value)) {
    const when = [value.start, value.end].filter((part) => part).join(' – ');
    return [`${scalar(value.precision, 'datePrecision', t)}: ${when}`];
  }
  if (field === 'location' && isFields(value)) {
    const coordinates = isFields(value.coordinates)
      ? `${String(value.coordinates.lat)}, ${String(value.coordinates.lon)}`
      : '';
    return [scalar(value.region, 'region', t), scalar(value.settlement, undefined, t)]
      .concat([scalar(value.place, undefined, t), coordinates])
      .filter((line) => line !== '');
  }
  if (Array.isArray(value)) {
    return value.map((item) => listItem(field, item, t)).filter((line) => line !== '');
  }
  const line = scalar(value, VOCABULARY[field], t);
  return line === '' ? [] : [line];
}

function sameValue(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a ?? null) === canonicalJson(b ?? null);
  } catch {
    return false;
  }
}

/**
 * The rows for two bodies (null for a deleted record: every field then
 * differs from a live one). Fields outside the schema are left out: they
 * cannot be chosen, since the merge is checked against the schema.
 */
export function conflictFieldRows(
  table: ExchangeTable,
  localBody: Record<string, unknown> | null,
  incomingBody: Record<string, unknown> | null,
  t: Translate,
): FieldRow[] {
  return FIELD_ORDER[table].map((field) => {
    const mine = localBody?.[field];
    const theirs = incomingBody?.[field];
    return {
      field,
      label: t(fieldLabelKey(table, field)),
      differs: (localBody === null) !== (incomingBody === null) || !sameValue(mine, theirs),
      local: localBody === null ? [] : displayLines(field, mine, t),
      incoming: incomingBody === null ? [] : displayLines(field, theirs, t),
    };
  });
}

/**
 * A merged body: each field from the side picked for it, this device's side
 * where nothing was picked. Undefined when either side is a deleted record
 * (a tombstone has no fields to mix: keep one side whole).
 */
export function mergeBodies(
  table: ExchangeTable,
  localBody: Record<string, unknown> | null,
  incomingBody: Record<string, unknown> | null,
  picks: Readonly<Record<string, Side>>,
): Record<string, unknown> | undefined {
  if (localBody === null || incomingBody === null) return undefined;
  const merged: Record<string, unknown> = {};
  for (const field of FIELD_ORDER[table]) {
    const source = picks[field] === 'incoming' ? incomingBody : localBody;
    if (field in source) merged[field] = source[field];
  }
  return merged;
}

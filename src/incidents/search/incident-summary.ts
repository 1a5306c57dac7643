import type { Incident, EventDate } from '../../domain/incident';
import type { Category, Status, ViolationType } from '../../domain/vocabularies';
import type { Loaded } from '../../db/repository-types';

/** What the incident list shows of one incident, damaged ones included. */
export interface IncidentSummary {
  id: string;
  /** False for a record that no longer passes the schema: only id, updatedAt and perhaps title are known. */
  ok: boolean;
  title: string;
  date: EventDate | null;
  /** A region id, or '' when unknown. */
  region: string;
  status: Status | null;
  categories: Category[];
  violations: ViolationType[];
  updatedAt: string;
  /**
   * At least this many people or organisations were affected: the larger of
   * the individually linked victims and the largest group count other than
   * "participants" (group counts overlap — the 12 fined are among the 105
   * detained — so they are not added up).
   */
  victimCount: number;
}

export function victimCountOf(incident: Incident): number {
  let largestGroup = 0;
  for (const group of incident.groups) {
    if (group.outcome !== 'participants' && group.count > largestGroup) largestGroup = group.count;
  }
  return Math.max(incident.victims.length, largestGroup);
}

/** The title a damaged record still carries, if its raw value has a string `title`. */
function stringField(value: unknown, key: string): string {
  if (value !== null && typeof value === 'object' && key in value) {
    const field: unknown = (value as Record<string, unknown>)[key];
    if (typeof field === 'string') return field;
  }
  return '';
}

/** A damaged row is the stored envelope `{ …syncFields, body }`; its title, if any, is in the body. */
function rawTitle(raw: unknown): string {
  const body: unknown =
    raw !== null && typeof raw === 'object' && 'body' in raw
      ? (raw as { body: unknown }).body
      : null;
  return stringField(body, 'title') || stringField(raw, 'title');
}

export function summarise(item: Loaded<Incident>): IncidentSummary {
  if (!item.ok) {
    return {
      id: item.id,
      ok: false,
      title: rawTitle(item.raw),
      date: null,
      region: '',
      status: null,
      categories: [],
      violations: [],
      updatedAt: item.updatedAt,
      victimCount: 0,
    };
  }
  const incident = item.record;
  return {
    id: incident.id,
    ok: true,
    title: incident.title,
    date: incident.date,
    region: incident.location.region,
    status: incident.status,
    categories: incident.categories,
    violations: incident.violations,
    updatedAt: incident.updatedAt,
    victimCount: victimCountOf(incident),
  };
}

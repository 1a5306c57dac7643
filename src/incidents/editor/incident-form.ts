import { z } from 'zod';
import {
  emptyIncidentBody,
  incidentBodySchema,
  type IncidentBody,
  type EventDate,
} from '../../domain/incident';
import {
  issuesToFieldErrors,
  type FieldError,
  type FormValidation,
} from '../../ui/form-validation';
import { numberToText, parseNumberText } from './number-text';

export type { FieldError, FormValidation };

/**
 * What the incident editor holds while the user types. It mirrors the
 * incident body, but every number is the text as typed and every choice is a
 * plain string ('' = not chosen yet), so nothing typed is lost while invalid.
 * It is also what a draft stores.
 */
export interface VictimRow {
  key: string;
  actorId: string;
  role: string;
  note: string;
}

export interface GroupRow {
  key: string;
  outcome: string;
  count: string;
  qualifier: string;
  description: string;
}

export interface PerpetratorRow {
  key: string;
  type: string;
  actorId: string;
  description: string;
}

export interface ProceedingRow {
  key: string;
  court: string;
  caseNumber: string;
  charges: string;
  sentence: string;
  amount: string;
  currency: string;
  date: string;
  note: string;
}

export interface SourceRow {
  key: string;
  type: string;
  reference: string;
  reliability: string;
  consent: string;
  date: string;
}

export interface IncidentForm {
  title: string;
  summary: string;
  categories: string[];
  violations: string[];
  /** For `exact`, `start` holds the day and `time` the hour; they join into one ISO value. */
  date: { precision: string; start: string; time: string; end: string };
  location: { region: string; settlement: string; place: string; lat: string; lon: string };
  victims: VictimRow[];
  groups: GroupRow[];
  perpetrators: PerpetratorRow[];
  proceedings: ProceedingRow[];
  sources: SourceRow[];
  confidentiality: string;
  status: string;
  evidenceIds: string[];
  notes: string;
}

/** A stable React key for a repeating row; it is never part of the record. */
export function newRowKey(): string {
  return crypto.randomUUID();
}

export function emptyVictimRow(actorId: string, role: string): VictimRow {
  return { key: newRowKey(), actorId, role, note: '' };
}

export function emptyGroupRow(): GroupRow {
  return { key: newRowKey(), outcome: '', count: '', qualifier: 'exact', description: '' };
}

export function emptyPerpetratorRow(): PerpetratorRow {
  return { key: newRowKey(), type: '', actorId: '', description: '' };
}

export function emptyProceedingRow(): ProceedingRow {
  return {
    key: newRowKey(),
    court: '',
    caseNumber: '',
    charges: '',
    sentence: '',
    amount: '',
    currency: 'KGS',
    date: '',
    note: '',
  };
}

export function emptySourceRow(): SourceRow {
  return {
    key: newRowKey(),
    type: '',
    reference: '',
    reliability: 'unknown',
    consent: 'unknown',
    date: '',
  };
}

function splitDate(date: EventDate): IncidentForm['date'] {
  const [day = '', time = ''] = date.start.split('T');
  return date.precision === 'exact'
    ? { precision: date.precision, start: day, time, end: date.end }
    : { precision: date.precision, start: date.start, time: '', end: date.end };
}

function joinDate(date: IncidentForm['date']): Record<string, string> {
  const start =
    date.precision === 'exact' && date.start && date.time
      ? `${date.start}T${date.time}`
      : date.start;
  // Only a range has an end; a leftover end from switching precision is not stored.
  return { precision: date.precision, start, end: date.precision === 'range' ? date.end : '' };
}

export function incidentToForm(body: IncidentBody): IncidentForm {
  return {
    title: body.title,
    summary: body.summary,
    categories: [...body.categories],
    violations: [...body.violations],
    date: splitDate(body.date),
    location: {
      region: body.location.region,
      settlement: body.location.settlement,
      place: body.location.place,
      lat: numberToText(body.location.coordinates?.lat),
      lon: numberToText(body.location.coordinates?.lon),
    },
    victims: body.victims.map((victim) => ({ key: newRowKey(), ...victim })),
    groups: body.groups.map((group) => ({
      key: newRowKey(),
      outcome: group.outcome,
      count: numberToText(group.count),
      qualifier: group.qualifier,
      description: group.description,
    })),
    perpetrators: body.perpetrators.map((perpetrator) => ({
      key: newRowKey(),
      type: perpetrator.type,
      actorId: perpetrator.actorId ?? '',
      description: perpetrator.description,
    })),
    proceedings: body.proceedings.map((proceeding) => ({
      key: newRowKey(),
      court: proceeding.court,
      caseNumber: proceeding.caseNumber,
      charges: proceeding.charges,
      sentence: proceeding.sentence,
      amount: numberToText(proceeding.money?.amount),
      currency: proceeding.money?.currency ?? 'KGS',
      date: proceeding.date,
      note: proceeding.note,
    })),
    sources: body.sources.map((source) => ({ key: newRowKey(), ...source })),
    confidentiality: body.confidentiality,
    status: body.status,
    evidenceIds: [...body.evidenceIds],
    notes: body.notes,
  };
}

export function emptyIncidentForm(): IncidentForm {
  return incidentToForm(emptyIncidentBody());
}

/**
 * The body the form describes, before validation: numbers parsed where they
 * parse, left as text where they do not (so the schema reports them).
 */
export function formToCandidate(form: IncidentForm): unknown {
  const { lat, lon } = form.location;
  return {
    title: form.title.trim(),
    summary: form.summary,
    categories: form.categories,
    violations: form.violations,
    date: joinDate(form.date),
    location: {
      region: form.location.region,
      settlement: form.location.settlement.trim(),
      place: form.location.place.trim(),
      coordinates:
        lat.trim() === '' && lon.trim() === ''
          ? null
          : { lat: parseNumberText(lat), lon: parseNumberText(lon) },
    },
    victims: form.victims.map(({ actorId, role, note }) => ({ actorId, role, note })),
    groups: form.groups.map(({ outcome, count, qualifier, description }) => ({
      outcome,
      count: parseNumberText(count),
      qualifier,
      description,
    })),
    perpetrators: form.perpetrators.map(({ type, actorId, description }) => ({
      type,
      actorId: actorId === '' ? null : actorId,
      description,
    })),
    proceedings: form.proceedings.map(({ key: _key, amount, currency, ...rest }) => ({
      ...rest,
      money: amount.trim() === '' ? null : { amount: parseNumberText(amount), currency },
    })),
    sources: form.sources.map(({ key: _key, ...rest }) => rest),
    confidentiality: form.confidentiality,
    status: form.status,
    evidenceIds: form.evidenceIds,
    notes: form.notes,
  };
}

/** Where in the form a schema path of the body is edited. */
export function incidentFieldForPath(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  const [section, index, field] = parts;
  if (section === 'location' && index === 'coordinates') {
    return field === 'lon' ? 'location.lon' : 'location.lat';
  }
  if (section === 'proceedings' && field === 'money') {
    return `proceedings.${index}.${parts[3] === 'currency' ? 'currency' : 'amount'}`;
  }
  if (section === 'date' && parts.length === 1) return 'date.start';
  return parts.join('.');
}

export function validateIncidentForm(form: IncidentForm): FormValidation<IncidentBody> {
  const result = incidentBodySchema.safeParse(formToCandidate(form));
  if (result.success) return { ok: true, body: result.data };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues, incidentFieldForPath) };
}

const rowKey = z
  .string()
  .max(100)
  .catch(() => newRowKey());
const formText = z.string().max(1_000_000);
const formTextList = z.array(z.string().max(200)).max(100_000);

/** The shape of a stored draft; a draft that does not match is not restored. */
export const incidentFormSchema: z.ZodType<IncidentForm> = z.object({
  title: formText,
  summary: formText,
  categories: formTextList,
  violations: formTextList,
  date: z.object({ precision: formText, start: formText, time: formText, end: formText }),
  location: z.object({
    region: formText,
    settlement: formText,
    place: formText,
    lat: formText,
    lon: formText,
  }),
  victims: z.array(z.object({ key: rowKey, actorId: formText, role: formText, note: formText })),
  groups: z.array(
    z.object({
      key: rowKey,
      outcome: formText,
      count: formText,
      qualifier: formText,
      description: formText,
    }),
  ),
  perpetrators: z.array(
    z.object({ key: rowKey, type: formText, actorId: formText, description: formText }),
  ),
  proceedings: z.array(
    z.object({
      key: rowKey,
      court: formText,
      caseNumber: formText,
      charges: formText,
      sentence: formText,
      amount: formText,
      currency: formText,
      date: formText,
      note: formText,
    }),
  ),
  sources: z.array(
    z.object({
      key: rowKey,
      type: formText,
      reference: formText,
      reliability: formText,
      consent: formText,
      date: formText,
    }),
  ),
  confidentiality: formText,
  status: formText,
  evidenceIds: formTextList,
  notes: formText,
});

export function parseIncidentDraftForm(raw: unknown): IncidentForm | null {
  const result = incidentFormSchema.safeParse(raw);
  return result.success ? result.data : null;
}

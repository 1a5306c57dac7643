/**
 * Builders for records in search tests (imported only by spec files).
 * Every builder returns a record that passes the real schema.
 */
import { actorSchema, type Actor, type ActorBody } from '../../domain/actor';
import {
  incidentSchema,
  emptyIncidentBody,
  type Incident,
  type IncidentBody,
} from '../../domain/incident';
import type { Loaded } from '../../db/repository-types';

let counter = 0;

/** A valid UUID whose last digits count up, so ids sort in creation order. */
export function testId(): string {
  counter += 1;
  return `0190a5b2-7c3d-7e4f-8a1b-${counter.toString(16).padStart(12, '0')}`;
}

const syncFields = (id: string, updatedAt: string) => ({
  id,
  rev: 1,
  updatedAt,
  updatedBy: 'device-test',
  changeSeq: 1,
  deleted: false,
});

export function makeIncident(
  body: Partial<IncidentBody> & { title: string },
  meta: { id?: string; updatedAt?: string } = {},
): Incident {
  return incidentSchema.parse({
    ...syncFields(meta.id ?? testId(), meta.updatedAt ?? '2024-01-01T00:00:00.000Z'),
    ...emptyIncidentBody(),
    ...body,
  });
}

export function makeActor(
  body: Partial<ActorBody> & { name: string },
  meta: { id?: string; updatedAt?: string } = {},
): Actor {
  return actorSchema.parse({
    ...syncFields(meta.id ?? testId(), meta.updatedAt ?? '2024-01-01T00:00:00.000Z'),
    kind: 'person',
    ...body,
  });
}

export const loaded = <T>(record: T): Loaded<T> => ({ ok: true, record });

export function damaged(
  id: string,
  raw: unknown,
  updatedAt = '2024-01-01T00:00:00.000Z',
): Loaded<Incident> {
  return { ok: false, id, rev: 3, updatedAt, raw, problems: ['date: Required'] };
}

import { z } from 'zod';
import { actorSchema } from './actor';
import { evidenceSchema } from './evidence';
import { incidentSchema } from './incident';
import { syncFieldsSchema } from './sync';

/**
 * One record line of a bundle's JSONL files (docs/FORMAT.md §6.4): the flat
 * form of src/domain (sync fields and body fields side by side); a deleted
 * incident or actor is a tombstone, its sync fields only. Here rather than
 * beside the bundle reader so that the renderer's merge validates incoming
 * lines with exactly the schemas the reader used.
 */

const tombstoneSchema = syncFieldsSchema.extend({ deleted: z.literal(true) }).strict();

export const incidentLineSchema = z.union([
  incidentSchema.extend({ deleted: z.literal(false) }),
  tombstoneSchema,
]);
export const actorLineSchema = z.union([
  actorSchema.extend({ deleted: z.literal(false) }),
  tombstoneSchema,
]);
/** Evidence keeps its metadata when deleted (its last revision has no incidents). */
export const evidenceLineSchema = evidenceSchema;

export type IncidentLine = z.infer<typeof incidentLineSchema>;
export type ActorLine = z.infer<typeof actorLineSchema>;
export type EvidenceLine = z.infer<typeof evidenceLineSchema>;

import { z } from 'zod';

/**
 * Fields every stored record carries so that copies on several devices can be
 * merged: `rev` counts edits, `changeSeq` is this device's local change
 * counter (for "changes since the last bundle"), `deleted` marks a tombstone.
 */
export const syncFieldsSchema = z.object({
  id: z.uuid(),
  rev: z.number().int().min(1),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().min(1).max(100),
  changeSeq: z.number().int().min(0),
  deleted: z.boolean(),
});

export type SyncFields = z.infer<typeof syncFieldsSchema>;

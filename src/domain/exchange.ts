import { z } from 'zod';

/**
 * Shared words of export and import (issue 5). The byte format is in
 * docs/FORMAT.md §6; the merge rules below are what both sides rely on.
 *
 * Merge by ancestry. Every record revision has a `recordHash` (FORMAT §3.2:
 * SHA-256 of the canonical JSON of id, rev, updatedAt, updatedBy, deleted,
 * body), the same on every device because an import stores the revision
 * exactly as received (only the local changeSeq is new). Each device keeps,
 * per record, its *lineage*: the hashes of the revisions it knows the
 * current one descends from or equals. A bundle carries, per record, the
 * sender's lineage (`lineage.jsonl`). For an incoming revision X and the
 * local revision L of the same record:
 *
 * - no L → `added`;
 * - hash(X) = hash(L) → `unchanged`;
 * - hash(L) ∈ lineage(X) → X descends from L: `updated` (X replaces L);
 * - hash(X) ∈ lineage(L) → X is older than what is here: `unchanged`;
 * - otherwise both changed since they last agreed → `conflict`: L stays,
 *   X is kept beside it until the user resolves it.
 *
 * After `added`/`updated`, lineage(record) = lineage(L) ∪ lineage(X) ∪
 * {hash(X)}. A record keeps one stored conflict C: an X equal to C or in
 * its lineage is `unchanged`; any other conflicting X replaces C (when X
 * does not descend from C, C's hash and lineage join X's, so C is known when
 * it comes again); an X that updates L and is or descends from C settles it. An export adds the hash of every revision it sends to that
 * record's lineage, so a revision that left this device is recognised when
 * it comes back. A resolution writes a new revision (rev = max + 1, this
 * device) whose lineage holds both sides, so it fast-forwards everywhere.
 */

export const HASH_HEX = /^[0-9a-f]{64}$/;
const hashHex = z.string().regex(HASH_HEX);

export const EXCHANGE_TABLES = ['incidents', 'actors', 'evidence'] as const;
export type ExchangeTable = (typeof EXCHANGE_TABLES)[number];

/** One line of `lineage.jsonl`: earlier revisions the record's revision in the bundle descends from. */
export const lineageLineSchema = z.strictObject({
  table: z.enum(EXCHANGE_TABLES),
  id: z.uuid(),
  /** Sorted, unique; the revision's own hash is not repeated here. */
  hashes: z.array(hashHex).min(1).max(100_000),
});
export type LineageLine = z.infer<typeof lineageLineSchema>;

export type MergeOutcome = 'added' | 'updated' | 'unchanged' | 'conflict';

/** What an import did, shown to the user afterwards and kept by nothing else. */
export const importReportSchema = z.object({
  bundleId: z.uuid(),
  incidents: z.object({
    added: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    conflicts: z.number().int().min(0),
  }),
  actors: z.object({
    added: z.number().int().min(0),
    updated: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    conflicts: z.number().int().min(0),
  }),
  evidence: z.object({
    /** Records added or updated. */
    records: z.number().int().min(0),
    /** Files new to this device's store (others were already there: deduplicated by SHA-256). */
    filesAdded: z.number().int().min(0),
    conflicts: z.number().int().min(0),
  }),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/** Nothing was new: the bundle had been imported before (or held only older revisions). */
export function importChangedNothing(report: ImportReport): boolean {
  return (
    report.incidents.added + report.incidents.updated + report.incidents.conflicts === 0 &&
    report.actors.added + report.actors.updated + report.actors.conflicts === 0 &&
    report.evidence.records + report.evidence.filesAdded + report.evidence.conflicts === 0
  );
}

/** How a conflict was settled: keep this device's revision, take the incoming one, or a field-by-field mix. */
export type ConflictChoice = 'local' | 'incoming' | 'merged';

import type { MergeOutcome } from '../domain/exchange';

/**
 * The merge-by-lineage rules of src/domain/exchange.ts as pure functions, so
 * every case can be tested as a table apart from IndexedDB and sealing.
 */

/** A revision as the merge sees it: its recordHash and the hashes it descends from. */
export interface KnownRevision {
  hash: string;
  lineage: ReadonlySet<string>;
}

/**
 * The local side: absent, a revision, or a row whose body no longer opens
 * (its hash cannot be known, so nothing may silently replace it).
 */
export type LocalSide = KnownRevision | 'absent' | 'unreadable';

export function decideMerge(local: LocalSide, incoming: KnownRevision): MergeOutcome {
  if (local === 'absent') return 'added';
  if (local === 'unreadable') return 'conflict';
  if (incoming.hash === local.hash) return 'unchanged';
  if (incoming.lineage.has(local.hash)) return 'updated';
  if (local.lineage.has(incoming.hash)) return 'unchanged';
  return 'conflict';
}

/**
 * What a conflicting incoming revision does to the conflict already stored
 * for the record, if any:
 * - `store`: none was stored: keep this one;
 * - `known`: the stored one is this revision or descends from it: nothing new;
 * - `replace`: this one descends from the stored one: it takes its place;
 * - `diverged`: unrelated to the stored one: it takes its place too (only one
 *   conflict per record is kept), and the stored one's hash joins its
 *   lineage so that a resolution also settles that one when it comes back.
 */
export type ConflictStep = 'store' | 'known' | 'replace' | 'diverged';

export function decideConflictStep(
  stored: KnownRevision | undefined,
  incoming: KnownRevision,
): ConflictStep {
  if (stored === undefined) return 'store';
  if (incoming.hash === stored.hash || stored.lineage.has(incoming.hash)) return 'known';
  if (incoming.lineage.has(stored.hash)) return 'replace';
  return 'diverged';
}

/** After the local revision moved on, whether a stored conflict is settled by it (the new revision descends from it). */
export function settlesConflict(current: KnownRevision, stored: KnownRevision): boolean {
  return current.hash === stored.hash || current.lineage.has(stored.hash);
}

/** What to do with a draft found when an editor opens. */
export type DraftDecision =
  /** No draft: start from the record (or an empty form). */
  | 'none'
  /** The draft holds typing that never reached the record: start from it. */
  | 'restore'
  /** The record was saved after the draft was written: the draft is obsolete. */
  | 'delete'
  /** The draft cannot be read as a form (another version wrote it): leave it alone. */
  | 'keep';

export function decideDraft(
  record: { rev: number; updatedAt: string } | undefined,
  draft: { baseRev: number; savedAt: string } | undefined,
  draftReadable: boolean,
): DraftDecision {
  if (!draft) return 'none';
  if (!draftReadable) return 'keep';
  if (!record) return 'restore';
  // Every commit raises the rev and later drafts start from it, so a draft
  // based on the stored rev holds typing the record lacks, even when the
  // clock was set back after that commit.
  if (draft.baseRev === record.rev) return 'restore';
  // Both times come from this device's clock: ISO strings compare in time order.
  return draft.savedAt > record.updatedAt ? 'restore' : 'delete';
}

/**
 * Which evidence files each unfinished import staged into the store as
 * uncommitted. Two imports may carry the same file: the second finds it
 * already stored and holds it too, so declining the first must not delete a
 * file the second still needs. A file is deleted only when its last holder
 * lets go without committing; once committed it belongs to the database.
 */
export class StagedImports {
  private readonly filesOf = new Map<string, Set<string>>();
  private readonly holdersOf = new Map<string, Set<string>>();

  /** Starts tracking an import (before its first file arrives). */
  begin(importId: string): void {
    if (this.filesOf.has(importId)) throw new Error(`import ${importId} is already tracked`);
    this.filesOf.set(importId, new Set());
  }

  isTracked(importId: string): boolean {
    return this.filesOf.has(importId);
  }

  /** Whether some unfinished import staged this file and has not let go of it. */
  isHeld(sha256: string): boolean {
    return this.holdersOf.has(sha256);
  }

  /** `importId` now holds the uncommitted file `sha256` (staged by it, or by another still open). */
  hold(importId: string, sha256: string): void {
    const files = this.filesOf.get(importId);
    if (!files) throw new Error(`import ${importId} is not tracked`);
    files.add(sha256);
    const holders = this.holdersOf.get(sha256) ?? new Set<string>();
    holders.add(importId);
    this.holdersOf.set(sha256, holders);
  }

  /** The files this import holds, in the order they arrived. */
  filesHeldBy(importId: string): string[] {
    return [...(this.filesOf.get(importId) ?? [])];
  }

  /**
   * Ends an import: `committed` files leave the ledger (nobody may delete
   * them any more); of the rest, the ones no other import holds are returned
   * for deletion.
   */
  end(importId: string, committed: readonly string[]): { toDiscard: string[] } {
    const files = this.filesOf.get(importId);
    if (!files) throw new Error(`import ${importId} is not tracked`);
    this.filesOf.delete(importId);
    const kept = new Set(committed);
    const toDiscard: string[] = [];
    for (const sha256 of files) {
      const holders = this.holdersOf.get(sha256);
      if (!holders) continue; // another import committed it meanwhile
      if (kept.has(sha256)) {
        // Other holders keep it in their lists: they may commit it again (a no-op).
        this.holdersOf.delete(sha256);
        continue;
      }
      holders.delete(importId);
      if (holders.size === 0) {
        this.holdersOf.delete(sha256);
        toDiscard.push(sha256);
      }
    }
    return { toDiscard };
  }

  /** Every tracked import, for forgetting them all at a lock. */
  importIds(): string[] {
    return [...this.filesOf.keys()];
  }
}

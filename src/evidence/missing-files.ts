/**
 * SHA-256s whose stored file is gone (reconcile after unlock, or a verify
 * that found nothing), so their rows say "file missing" rather than offering
 * playback. Lives as long as the unlocked page.
 */
export class MissingFiles {
  private readonly missing = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private version = 0;

  has(sha256: string): boolean {
    return this.missing.has(sha256);
  }

  add(sha256s: Iterable<string>): void {
    let changed = false;
    for (const sha256 of sha256s) {
      if (!this.missing.has(sha256)) {
        this.missing.add(sha256);
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  delete(sha256: string): void {
    if (this.missing.delete(sha256)) this.changed();
  }

  /** For useSyncExternalStore: changes whenever the set does. */
  snapshot = (): number => this.version;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}

/** The page's one list. */
export const missingFiles = new MissingFiles();

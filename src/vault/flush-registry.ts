/**
 * Editors that hold typed-but-unsaved text register a flush here, so that a
 * lock (button, shortcut, idle timeout, suspend) saves drafts before the
 * renderer reloads and forgets the records key.
 */
export type Flush = () => Promise<unknown>;

export interface FlushRegistry {
  /** Adds a flush; the returned function removes it (call it when the editor unmounts). */
  register(flush: Flush): () => void;
  /**
   * Runs every registered flush at once and waits for all of them, but no
   * longer than `timeoutMs`: main drops the keys a few seconds after asking
   * for a lock anyway, and a hung save must not keep the app unlocked.
   * A failing flush does not stop the others. Resolves true when all finished.
   */
  flushAll(timeoutMs: number): Promise<boolean>;
  readonly size: number;
}

export function createFlushRegistry(): FlushRegistry {
  const flushes = new Set<Flush>();
  return {
    register(flush) {
      // A wrapper per registration, so registering the same function twice needs two removals.
      const entry: Flush = () => flush();
      flushes.add(entry);
      return () => {
        flushes.delete(entry);
      };
    },
    async flushAll(timeoutMs) {
      const all = Promise.allSettled([...flushes].map((flush) => flush())).then(() => true);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([all, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    get size() {
      return flushes.size;
    },
  };
}

/** The renderer's one registry of draft flushes. */
export const draftFlushes: FlushRegistry = createFlushRegistry();

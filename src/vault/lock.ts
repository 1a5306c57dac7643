import type { FlushRegistry } from './flush-registry';

/**
 * How long drafts may take to save before the lock goes ahead anyway. Main
 * drops its keys 3 s after asking the renderer to lock, so stay below that.
 */
export const DRAFT_FLUSH_TIMEOUT_MS = 2000;

export interface LockSteps {
  flushes: FlushRegistry;
  lockVault: () => Promise<unknown>;
  /** Reloading throws away the JS heap and with it every key the renderer held. */
  reload: () => void;
}

/**
 * Returns the one lock procedure of the renderer: save drafts, ask main to
 * forget its keys, reload to the unlock screen. Calls while a lock is under
 * way join it (the button, Ctrl+L and main's request can arrive together).
 * The reload happens even if saving or main's lock failed: staying unlocked
 * is the worse outcome.
 */
export function createLocker(steps: LockSteps): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= (async () => {
      try {
        await steps.flushes.flushAll(DRAFT_FLUSH_TIMEOUT_MS);
      } catch {
        // flushAll settles every flush itself; nothing left to save here.
      }
      try {
        await steps.lockVault();
      } catch {
        // Main drops its keys on its own timer when the renderer does not answer.
      }
      steps.reload();
    })();
    return running;
  };
}

import type { VaultLike } from '../services/api-handlers';
import { FORCED_LOCK_DELAY_MS } from './auto-lock';

/** The window, as far as closing it needs. */
export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): void;
  isDestroyed(): boolean;
  close(): void;
}

export interface CloseAfterLockOptions {
  vault: Pick<VaultLike, 'keys'>;
  /** Asks the renderer to save its drafts and lock (auto-lock's requestLock). */
  requestLock(): void;
  /** How often to look whether the renderer has locked. */
  pollMs?: number;
  /** Closes anyway after this long (the forced lock has happened by then). */
  timeoutMs?: number;
}

/**
 * Closing the window while unlocked first gives the renderer the chance to
 * save what is being typed, exactly as a lock does: the close is held back,
 * a lock is requested, and the window closes once the vault is locked (or
 * after the forced-lock delay, when main has locked for a renderer that did
 * not answer). Closing while locked is immediate.
 */
export function closeAfterLock(window: ClosableWindow, options: CloseAfterLockOptions): void {
  const { vault, requestLock, pollMs = 50, timeoutMs = FORCED_LOCK_DELAY_MS + 500 } = options;
  let closeAllowed = false;
  let waiting = false;

  window.on('close', (event) => {
    if (closeAllowed || vault.keys() === null) return;
    event.preventDefault();
    if (waiting) return;
    waiting = true;
    requestLock();
    const started = Date.now();
    const watch = setInterval(() => {
      if (vault.keys() !== null && Date.now() - started < timeoutMs) return;
      clearInterval(watch);
      closeAllowed = true;
      if (!window.isDestroyed()) window.close();
    }, pollMs);
  });
}

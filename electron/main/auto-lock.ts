import type { PowerMonitor } from 'electron';
import type { VaultLike } from '../services/api-handlers';
import { sendApiEvent } from './renderer-events';

/** How often the idle time is read. */
export const IDLE_POLL_INTERVAL_MS = 15_000;
/** How long the renderer has to save its drafts and lock before main locks for it. */
export const FORCED_LOCK_DELAY_MS = 3_000;
// The shortest idle setting the contract allows is one minute, so below that
// the settings need not be read at all.
const SHORTEST_IDLE_LOCK_SECONDS = 60;

/** The window's web contents, as far as locking needs it. */
export interface LockableRenderer {
  isDestroyed(): boolean;
  send(channel: string): void;
  reload(): void;
}

export interface AutoLockOptions {
  powerMonitor: Pick<PowerMonitor, 'on' | 'removeListener' | 'getSystemIdleTime'>;
  vault: Pick<VaultLike, 'keys' | 'lock' | 'status'>;
  /** The renderer holding the records key, null when there is no window. */
  getRenderer(): LockableRenderer | null;
}

export interface AutoLock {
  /** Asks the renderer to save its drafts and lock; locks for it after FORCED_LOCK_DELAY_MS. */
  requestLock(): void;
  /** Stops listening and polling (on quit). */
  stop(): void;
}

/**
 * Locks the vault on system suspend, screen lock and after the configured
 * idle time. The renderer is asked first (apiEvents.lockRequested), because
 * only it can save the drafts being typed; if it has not locked within
 * FORCED_LOCK_DELAY_MS (hung, or the event was lost), main forgets its keys
 * and reloads the window, which takes the renderer's keys with its JS heap.
 *
 * Residual risk: on suspend the OS may freeze the machine before the three
 * seconds are up; the keys then stay in RAM until the machine wakes and the
 * timer fires.
 */
export function startAutoLock({ powerMonitor, vault, getRenderer }: AutoLockOptions): AutoLock {
  // The pending forced lock and the session (keys object) it was meant for.
  let forcedLock: { timer: ReturnType<typeof setTimeout>; keys: object } | null = null;

  function cancelForcedLock(): void {
    if (forcedLock !== null) clearTimeout(forcedLock.timer);
    forcedLock = null;
  }

  function forceLock(keysAtRequest: object): void {
    forcedLock = null;
    // Identity, not just presence: keys of a session unlocked after the
    // renderer did lock must not be dropped for a request meant for the old one.
    if (vault.keys() !== keysAtRequest) return;
    vault.lock();
    liveRenderer()?.reload();
  }

  /** True while a request for the current session is still waiting for the renderer. */
  function waitingForRenderer(): boolean {
    return forcedLock !== null && forcedLock.keys === vault.keys();
  }

  function liveRenderer(): LockableRenderer | null {
    const renderer = getRenderer();
    return renderer && !renderer.isDestroyed() ? renderer : null;
  }

  function requestLock(): void {
    const keys = vault.keys();
    if (keys === null) {
      // An unlock still deriving its key when the machine sleeps or its screen locks must not open.
      vault.lock();
      return;
    }
    if (waitingForRenderer()) return;
    // A request left over from an earlier session is void.
    cancelForcedLock();
    const renderer = liveRenderer();
    if (renderer === null) {
      // Nobody to save drafts: nothing to wait for.
      vault.lock();
      return;
    }
    sendApiEvent(renderer, 'lockRequested', undefined);
    forcedLock = { timer: setTimeout(() => forceLock(keys), FORCED_LOCK_DELAY_MS), keys };
  }

  async function checkIdle(): Promise<void> {
    if (vault.keys() === null || waitingForRenderer()) return;
    const idleSeconds = powerMonitor.getSystemIdleTime();
    if (idleSeconds < SHORTEST_IDLE_LOCK_SECONDS) return;
    let idleLockMinutes: number;
    try {
      idleLockMinutes = (await vault.status()).settings.idleLockMinutes;
    } catch {
      // Settings unreadable: fail closed and treat the shortest allowed time as set.
      idleLockMinutes = SHORTEST_IDLE_LOCK_SECONDS / 60;
    }
    if (idleSeconds >= idleLockMinutes * 60) requestLock();
  }

  const poll = setInterval(() => void checkIdle(), IDLE_POLL_INTERVAL_MS);
  powerMonitor.on('suspend', requestLock);
  powerMonitor.on('lock-screen', requestLock);

  return {
    requestLock,
    stop() {
      clearInterval(poll);
      cancelForcedLock();
      powerMonitor.removeListener('suspend', requestLock);
      powerMonitor.removeListener('lock-screen', requestLock);
    },
  };
}

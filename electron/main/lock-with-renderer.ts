import type { WebContents } from 'electron';
import type { VaultLike } from '../services/api-handlers';

/**
 * Keys in main must never outlive the renderer they were handed to. When the
 * window's page goes away by any route other than the lock button (a reload
 * from a menu or devtools, a crash, the window closing), the renderer's
 * CryptoKey is gone with its JS heap, so main forgets its copy too and the
 * next page starts at the unlock screen. Hash-route changes inside the app are
 * same-document navigations and keep the session.
 */
export function lockWithRenderer(
  contents: Pick<WebContents, 'on'>,
  vault: Pick<VaultLike, 'lock'>,
  isAppUrl: (url: string) => boolean,
): void {
  // Also while locked: an unlock still deriving its key for the page that went away must not open.
  const lock = () => vault.lock();
  contents.on('did-start-navigation', (details) => {
    // A navigation away from the app (a file dropped on the window, say) is
    // cancelled by will-navigate, which Electron emits only after this event.
    // Locking for it would leave the page unlocked with main locked, and then
    // no idle, suspend or screen-lock request would ever reach that page.
    if (details.isMainFrame && !details.isSameDocument && isAppUrl(details.url)) lock();
  });
  // Should a navigation away from the app ever commit, the old page is gone.
  contents.on('did-navigate', lock);
  contents.on('render-process-gone', lock);
  contents.on('destroyed', lock);
}

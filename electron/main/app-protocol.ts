import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin';
import { createRendererFileHandler } from './renderer-files';

/**
 * Declares `app:` as a standard, secure scheme, so the renderer gets a real
 * origin with secure-context features (IndexedDB, crypto.subtle, fetch).
 * Electron accepts this only before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

/** Serves the built renderer folder on `app://depter/`. Call once the app is ready. */
export function serveRenderer(rendererRoot: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, createRendererFileHandler(rendererRoot, contentSecurityPolicy));
}

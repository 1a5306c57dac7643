import { protocol } from 'electron';
import { EVIDENCE_SCHEME } from '../services/evidence/evidence-protocol';
import { APP_SCHEME } from './app-origin';
import { createRendererFileHandler } from './renderer-files';

/**
 * Declares `app:` as a standard, secure scheme, so the renderer gets a real
 * origin with secure-context features (IndexedDB, crypto.subtle, fetch), and
 * the evidence scheme likewise, plus `stream` so <video> can seek with Range
 * requests. Neither bypasses the CSP. Electron accepts this only once, before
 * the app is ready, so both are declared in the same call.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
    {
      scheme: EVIDENCE_SCHEME,
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
    },
  ]);
}

/** Serves the built renderer folder on `app://depter/`. Call once the app is ready. */
export function serveRenderer(rendererRoot: string, contentSecurityPolicy: string): void {
  protocol.handle(APP_SCHEME, createRendererFileHandler(rendererRoot, contentSecurityPolicy));
}

/** Serves decrypted evidence on the evidence scheme. Call once the app is ready. */
export function serveEvidence(handler: (request: Request) => Promise<Response>): void {
  protocol.handle(EVIDENCE_SCHEME, handler);
}

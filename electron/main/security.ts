import type { App, Session, WebContents } from 'electron';
import { EVIDENCE_SCHEME } from '../services/evidence/evidence-protocol';

/**
 * The renderer may load code, styles, fonts and images only from its own
 * origin (plus data:/blob: images), evidence images, video and audio only
 * from the evidence scheme (decrypted in main, never a blob of plaintext in
 * the page), and may contact nothing else. src/index.html carries the same
 * policy in a meta tag; the header is the one that cannot be removed by the page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: blob: ${EVIDENCE_SCHEME}:`,
  "font-src 'self'",
  "connect-src 'self'",
  `media-src ${EVIDENCE_SCHEME}:`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface SecurityPolicyOptions {
  /** True for URLs of the renderer's own origin. */
  isAppUrl(url: string): boolean;
  /** Opens a link in the system browser if it passes the allow-list; may refuse silently. */
  openExternalIfAllowed(url: string): void;
  contentSecurityPolicy: string;
}

/**
 * Locks down a session: no permission (camera, microphone, location,
 * notifications, USB, HID, serial…) is ever granted, every response carries
 * the CSP, and pages cannot start downloads behind the app's back (files are
 * saved only through the typed API).
 */
export function hardenSession(session: Session, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = withoutHeader(details.responseHeaders ?? {}, 'content-security-policy');
    responseHeaders['Content-Security-Policy'] = [contentSecurityPolicy];
    callback({ responseHeaders });
  });
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Keeps one web contents on the app origin: navigation and redirects away
 * are stopped (an allowed https link goes to the system browser instead),
 * new windows are never created, and `<webview>` cannot be attached.
 */
export function hardenWebContents(contents: WebContents, options: SecurityPolicyOptions): void {
  contents.on('will-navigate', (event) => {
    if (options.isAppUrl(event.url)) return;
    event.preventDefault();
    options.openExternalIfAllowed(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!options.isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    options.openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Applies the policy to every web contents the app ever creates, and to the
 * session each one uses, so a contents created later (or in another session)
 * cannot slip past it. Call before the first window opens.
 */
export function installSecurityPolicy(app: App, options: SecurityPolicyOptions): void {
  const hardenedSessions = new WeakSet<Session>();
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, options);
    if (!hardenedSessions.has(contents.session)) {
      hardenedSessions.add(contents.session);
      hardenSession(contents.session, options.contentSecurityPolicy);
    }
  });
}

function withoutHeader(
  headers: Record<string, string[]>,
  lowerCaseName: string,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== lowerCaseName),
  );
}

/**
 * The renderer's origin. A privileged standard scheme gives the UI a real,
 * stable origin (so 'self' in the CSP and IndexedDB work) without `file://`,
 * which would grant the page every file on disk as same-origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'depter';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null when it cannot be parsed. Node's
 * URL reports origin "null" for custom schemes, so it is built by hand.
 */
export function originOf(rawUrl: string): string | null {
  try {
    const url = new URL(rawUrl);
    if (url.host === '') return null;
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

/** A predicate telling whether a URL belongs to one of the trusted origins. */
export function createOriginCheck(trustedOrigins: readonly string[]): (url: string) => boolean {
  const trusted = new Set(trustedOrigins);
  return (url) => {
    const origin = originOf(url);
    return origin !== null && trusted.has(origin);
  };
}

/**
 * Hosts whose pages Depter may open in the system browser: documentation and
 * reference material for human-rights documentation work. Matched exactly
 * (no subdomain wildcards), so a look-alike such as `huridocs.org.evil.test`
 * or an unexpected subdomain never passes.
 */
export const ALLOWED_EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'huridocs.org',
  'www.huridocs.org',
  'uwazi.io',
  'www.uwazi.io',
  'www.ohchr.org',
  'age-encryption.org',
]);

/**
 * Returns the normalised URL when `rawUrl` is an https link to an allowed
 * host with no credentials and no explicit port; otherwise null. Callers open
 * the returned string, never the raw one, so what was checked is what opens.
 */
export function allowedExternalUrl(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.port !== '') return null;
  if (!ALLOWED_EXTERNAL_HOSTS.has(url.hostname)) return null;
  return url.href;
}

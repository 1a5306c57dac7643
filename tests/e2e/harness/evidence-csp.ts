import { EVIDENCE_SCHEME } from '../../../electron/services/evidence/evidence-protocol';

/**
 * Where the harness serves evidence playback. Debian's Chromium knows
 * nothing of Electron's privileged `depter-evidence:` scheme, so the static
 * server answers `/__evidence/<token>` with the real evidence request handler
 * instead, and openEvidence's URLs are rewritten to point there.
 */
export const EVIDENCE_PATH = '/__evidence/';

/** The source expression production policies use for evidence. */
export const PRODUCTION_EVIDENCE_SOURCE = `${EVIDENCE_SCHEME}:`;

// A whole source expression: preceded by the directive name or a space, followed by a space, ';' or the end.
const EVIDENCE_SOURCE_TOKEN = new RegExp(
  `(?<=\\s)${PRODUCTION_EVIDENCE_SOURCE.replace(/[-:]/g, '\\$&')}(?=\\s|;|$)`,
  'g',
);

/**
 * The one change the harness makes to the app's Content-Security-Policy
 * (the header main sends, and the meta tag in index.html): every
 * `depter-evidence:` source becomes `<origin>/__evidence/`. Everything else
 * stays the production policy, so a violation the app would hit in Electron
 * is hit here too, and media still loads from nowhere but the evidence source.
 */
export function withHarnessEvidenceSource(policy: string, origin: string): string {
  return policy.replace(EVIDENCE_SOURCE_TOKEN, `${origin}${EVIDENCE_PATH}`);
}

const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)("\s*\/?>)/i;

/** index.html with the same substitution applied to its CSP meta tag (and nothing else). */
export function htmlWithHarnessEvidenceSource(html: string, origin: string): string {
  return html.replace(
    CSP_META,
    (_all, before: string, policy: string, after: string) =>
      `${before}${withHarnessEvidenceSource(policy, origin)}${after}`,
  );
}

/** The policy in an HTML page's CSP meta tag, or null when it has none. */
export function metaPolicyOf(html: string): string | null {
  return CSP_META.exec(html)?.[2] ?? null;
}

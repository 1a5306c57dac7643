import { EVIDENCE_ERRORS, type EvidenceErrorCode } from '../domain/api';

/**
 * The evidence code in an error thrown across IPC. Main's EvidenceError puts
 * the code first in its message ("DAMAGED: …") and Electron's IPC carries
 * only the message, wrapped in its own prefix; anything else is unexpected.
 */
export function evidenceErrorCodeOf(error: unknown): EvidenceErrorCode | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  for (const code of EVIDENCE_ERRORS) {
    if (new RegExp(`(^|[\\s:])${code}:`).test(message)) return code;
  }
  return null;
}

/** Locale key (namespace `evidence`) explaining a code, or an unexpected failure. */
export function evidenceErrorKey(code: EvidenceErrorCode | null): `errors.${string}` {
  return code === null ? 'errors.unexpected' : `errors.${code}`;
}

import { isAgeError } from '../age';
import { EvidenceError, isEvidenceError } from './evidence-store-types';

/** Errors from the disk while writing: a full disk is the one the user can act on. */
export function writeFailure(error: unknown): EvidenceError {
  if (isEvidenceError(error)) return error;
  const code = errorCode(error);
  return code === 'ENOSPC' || code === 'EDQUOT'
    ? new EvidenceError('DISK_FULL', 'no space left on the disk', { cause: error })
    : new EvidenceError('WRITE_FAILED', `writing failed (${code ?? 'unknown error'})`, {
        cause: error,
      });
}

export function sourceFailure(error: unknown): EvidenceError {
  if (isEvidenceError(error)) return error;
  return new EvidenceError(
    'SOURCE_UNREADABLE',
    `the file cannot be read (${errorCode(error) ?? 'unknown error'})`,
    { cause: error },
  );
}

/** An age format or authentication failure means the stored file was changed or cut. */
export function damagedOr(error: unknown): unknown {
  if (isAgeError(error)) {
    return new EvidenceError('DAMAGED', `the stored file fails authentication (${error.code})`, {
      cause: error,
    });
  }
  return error;
}

export function cancelled(): EvidenceError {
  return new EvidenceError('CANCELLED', 'cancelled');
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

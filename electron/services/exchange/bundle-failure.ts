import type { BundleErrorName } from '../../../src/domain/api';
import { isBundleError } from '../bundle/errors';

/**
 * The contract's name for a failure export and import share: the bundle
 * reader's and writer's own codes, a cancel, a full disk, any other file
 * system error. Anything else is a bug and is thrown on, so it is never
 * hidden behind a message that blames the user's file.
 */
export function sharedBundleFailure(error: unknown): BundleErrorName {
  if (isBundleError(error)) return error.code;
  if (error instanceof Error && error.name === 'AbortError') return 'CANCELLED';
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'DISK_FULL';
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return 'IO_FAILED';
  throw error;
}

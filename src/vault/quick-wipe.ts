import type { ApiOutput } from '../domain/api';

export type WipeReport = ApiOutput<'wipeVault'>;

export interface WipeSteps {
  wipeVault: () => Promise<WipeReport>;
  /** Closes this window's own connection, which would block deleting the database. */
  closeDatabase?: () => void;
  deleteDatabase: () => Promise<void>;
}

/** A database deletion that another connection blocks must not hang the wipe forever. */
export const DELETE_DATABASE_TIMEOUT_MS = 5000;

/**
 * Quick wipe as the renderer does it: main destroys keys.age first, then the
 * database and evidence; then this window deletes the database itself too
 * (belt and braces: main clears Chromium's storage, but a connection this
 * renderer holds could keep it). Every step runs even if an earlier one
 * failed; the report lists what failed. The caller reloads to first start.
 */
export async function quickWipe(steps: WipeSteps): Promise<WipeReport> {
  let report: WipeReport;
  try {
    report = await steps.wipeVault();
  } catch {
    report = { keyFileDestroyed: false, failedSteps: ['main'] };
  }
  const failedSteps = [...report.failedSteps];
  try {
    steps.closeDatabase?.();
  } catch {
    // Already closed: deleting is what matters.
  }
  try {
    await withTimeout(steps.deleteDatabase(), DELETE_DATABASE_TIMEOUT_MS);
  } catch {
    failedSteps.push('renderer-database');
  }
  return { keyFileDestroyed: report.keyFileDestroyed, failedSteps };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

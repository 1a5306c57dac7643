import type { ApiOutput } from '../domain/api';

export type WipeReport = ApiOutput<'wipeVault'>;

export interface WipeSteps {
  wipeVault: () => Promise<WipeReport>;
  /** Closes this window's own connection, which would block deleting the database. */
  closeDatabase?: () => void;
  deleteDatabase: () => Promise<void>;
  /**
   * Whether the database is still there. Asked only when this window's own
   * deletion failed or timed out: main may already have removed it (its
   * storage clearing can hold up our request), and only a database that is
   * really left over is a failed step.
   */
  databaseExists?: () => Promise<boolean>;
}

/** A database deletion that another connection blocks must not hang the wipe forever. */
export const DELETE_DATABASE_TIMEOUT_MS = 5000;

/**
 * Quick wipe as the renderer does it: this window first closes its own
 * connection for good; main then destroys keys.age first, then the database
 * and evidence; then this window deletes the database itself too (belt and
 * braces). Closing first matters: when main clears the storage under an open
 * connection, Dexie treats it as a forced close and reopens on the next
 * query (a timer, the list), re-creating the database and holding a
 * connection that can block the deletion. Every step runs even if an
 * earlier one failed; the report lists what failed. The caller reloads to
 * first start.
 */
export async function quickWipe(steps: WipeSteps): Promise<WipeReport> {
  try {
    steps.closeDatabase?.();
  } catch {
    // Already closed: deleting is what matters.
  }
  let report: WipeReport;
  try {
    report = await steps.wipeVault();
  } catch {
    report = { keyFileDestroyed: false, failedSteps: ['main'] };
  }
  const failedSteps = [...report.failedSteps];
  try {
    await withTimeout(steps.deleteDatabase(), DELETE_DATABASE_TIMEOUT_MS);
  } catch {
    if (!steps.databaseExists || (await steps.databaseExists().catch(() => true))) {
      failedSteps.push('renderer-database');
    }
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

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { vaultStatusSchema, type VaultSettings } from '../../../src/domain/api';
import { writeFileAtomic } from '../atomic-file';

/**
 * vault-state.json, beside keys.age in clear text. It must say nothing about
 * people or places: only the unlock throttle and the vault settings. It is
 * written atomically (temp file, fsync, rename) so a crash leaves the old or
 * the new state.
 */

export const DEFAULT_VAULT_SETTINGS: VaultSettings = {
  idleLockMinutes: 10,
  wipeAfterFailures: null,
};

const isoInstant = z.iso.datetime();

const vaultStateFileSchema = z.strictObject({
  format: z.literal(1),
  failedAttempts: z.number().int().min(0),
  lastFailureAt: isoInstant.nullable(),
  /** No unlock attempt is accepted before this instant (THROTTLED). */
  retryNotBefore: isoInstant.nullable(),
  settings: vaultStatusSchema.shape.settings,
});

export interface VaultState {
  failedAttempts: number;
  /** Epoch milliseconds of the last failed attempt, or null. */
  lastFailureAt: number | null;
  /** Epoch milliseconds before which no attempt is accepted, or null. */
  retryNotBefore: number | null;
  settings: VaultSettings;
}

export type VaultStateRead =
  { kind: 'ok'; state: VaultState } | { kind: 'missing' } | { kind: 'damaged' };

export function defaultVaultState(): VaultState {
  return {
    failedAttempts: 0,
    lastFailureAt: null,
    retryNotBefore: null,
    settings: { ...DEFAULT_VAULT_SETTINGS },
  };
}

export async function readVaultState(path: string): Promise<VaultStateRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return { kind: 'missing' };
    return { kind: 'damaged' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'damaged' };
  }
  const parsed = vaultStateFileSchema.safeParse(json);
  if (!parsed.success) return { kind: 'damaged' };
  const file = parsed.data;
  return {
    kind: 'ok',
    state: {
      failedAttempts: file.failedAttempts,
      lastFailureAt: file.lastFailureAt === null ? null : Date.parse(file.lastFailureAt),
      retryNotBefore: file.retryNotBefore === null ? null : Date.parse(file.retryNotBefore),
      settings: file.settings,
    },
  };
}

export async function writeVaultState(path: string, state: VaultState): Promise<void> {
  const file: z.infer<typeof vaultStateFileSchema> = {
    format: 1,
    failedAttempts: state.failedAttempts,
    lastFailureAt:
      state.lastFailureAt === null ? null : new Date(state.lastFailureAt).toISOString(),
    retryNotBefore:
      state.retryNotBefore === null ? null : new Date(state.retryNotBefore).toISOString(),
    settings: state.settings,
  };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

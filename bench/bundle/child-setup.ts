import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { EvidenceKeys } from '../../electron/services/evidence/evidence-store-types';
import type { BenchSetup } from './bundle-data';

/** The setup file the parent wrote, read before the timed part of a child starts. */
export async function readBenchSetup(path: string): Promise<BenchSetup> {
  return JSON.parse(await readFile(path, 'utf8')) as BenchSetup;
}

export function deviceEvidenceKeys(setup: BenchSetup): EvidenceKeys {
  return {
    ageIdentity: setup.device.ageIdentity,
    ageRecipient: setup.device.ageRecipient,
    namingKey: Buffer.from(setup.device.namingKeyHex, 'hex'),
  };
}

/**
 * Starts the window whose peak RSS the child reports: after a full GC, the
 * kernel's high-water mark is reset (Linux `clear_refs` 5), so reading the
 * setup JSON, a cost of the bench and not of the export or import, is not
 * counted. The lifetime peak is reported beside it. Returns false where the
 * mark cannot be reset; the peak then covers the whole process.
 */
export function startPeakRssWindow(): boolean {
  (globalThis as { gc?: () => void }).gc?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export interface ProcessCost {
  cpuMs: number;
  /** Peak RSS since startPeakRssWindow (or since start when it could not be reset). */
  maxRssKiB: number;
}

/** CPU time since `since` and the peak RSS so far. */
export function processCost(since: NodeJS.CpuUsage): ProcessCost {
  const cpu = process.cpuUsage(since);
  return { cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS };
}

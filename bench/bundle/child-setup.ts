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

/** What a child prints: its peak RSS so far and its CPU time since `since`. */
export function processCost(since: NodeJS.CpuUsage): { cpuMs: number; maxRssKiB: number } {
  const cpu = process.cpuUsage(since);
  return { cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS };
}

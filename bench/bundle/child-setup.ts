import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { BundleProgress } from '../../src/domain/api';
import type { VaultSessionKeys } from '../../electron/services/api-handlers';
import { EvidenceStore } from '../../electron/services/evidence/evidence-store';
import {
  createExchangeHandlers,
  type ExchangeHandlerSet,
} from '../../electron/services/exchange/exchange-handlers';
import { peakRssKiB } from '../node/peak-rss';
import type { BenchSetup, SerializedSessionKeys } from './bundle-data';

/** The setup file the parent wrote, read before the timed part of a child starts. */
export async function readBenchSetup(path: string): Promise<BenchSetup> {
  return JSON.parse(await readFile(path, 'utf8')) as BenchSetup;
}

export function sessionKeysOf(keys: SerializedSessionKeys): VaultSessionKeys {
  return {
    deviceId: keys.deviceId,
    recordsKey: Buffer.from(keys.recordsKeyHex, 'hex'),
    ageRecipient: keys.ageRecipient,
    ageIdentity: keys.ageIdentity,
    signingSeed: Buffer.from(keys.signingSeedHex, 'hex'),
    signingPublicKey: Buffer.from(keys.signingPublicKeyHex, 'hex'),
  };
}

/**
 * The app's exchange handlers as main builds them, on an unlocked vault and
 * a real evidence store; the dialogs answer with the bench's paths.
 */
export function benchExchangeHandlers(options: {
  keys: SerializedSessionKeys;
  storeDir: string;
  workDir: string;
  /** What the open dialog answers (the bundle to import). */
  openPaths?: string[];
  /** What the save dialog answers (the bundle to write). */
  savePath?: string;
  onProgress: (progress: BundleProgress) => void;
}): ExchangeHandlerSet {
  const keys = sessionKeysOf(options.keys);
  return createExchangeHandlers({
    vault: { keys: () => keys },
    store: new EvidenceStore({ directory: options.storeDir }),
    chooseOpenPaths: async () => options.openPaths ?? [],
    chooseSavePath: async () => options.savePath ?? null,
    emitProgress: options.onProgress,
    workDir: options.workDir,
  });
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
  return { cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: peakRssKiB() };
}

/** What a child measures around its timed work, started once everything it loads is loaded. */
export interface MeasuredWindow {
  /** Whether the peak RSS window could be reset (startPeakRssWindow). */
  peakWindow: boolean;
  /** Stops the event-loop monitor; call once the timed work is over. */
  stop(): void;
  /** Longest event-loop delay seen, in milliseconds. */
  eventLoopMaxMs(): number;
  /** Peak RSS over the whole process, loading the setup included. */
  lifetimeMaxRssKiB(): number;
}

export function startMeasuredWindow(): MeasuredWindow {
  const lifetimeBefore = peakRssKiB();
  const peakWindow = startPeakRssWindow();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return {
    peakWindow,
    stop: () => loop.disable(),
    eventLoopMaxMs: () => loop.max / 1e6,
    lifetimeMaxRssKiB: () => Math.max(lifetimeBefore, peakRssKiB()),
  };
}

import type { ByteProgress } from './evidence-store-types';

/** Progress events often enough for a smooth bar, rarely enough not to flood IPC. */
export const PROGRESS_INTERVAL_MS = 100;

export class ProgressThrottle {
  private lastReportAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly onProgress: ((progress: ByteProgress) => void) | undefined,
    private readonly bytesTotal: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  report(bytesDone: number): void {
    if (this.onProgress === undefined) return;
    const now = this.now();
    if (now - this.lastReportAt < PROGRESS_INTERVAL_MS) return;
    this.lastReportAt = now;
    this.onProgress({ bytesDone, bytesTotal: this.bytesTotal });
  }

  /** The final figure, always delivered. */
  finish(bytesDone: number): void {
    this.onProgress?.({ bytesDone, bytesTotal: Math.max(this.bytesTotal, bytesDone) });
  }
}

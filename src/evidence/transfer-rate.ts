/**
 * Speed and time left of a running transfer, from byte counts sampled as
 * progress events arrive. Speed is taken over a sliding window, not since the
 * start: a pause (the disk busy elsewhere) shows at once and recovers at once,
 * instead of dragging a lifetime average along.
 */
export class TransferRate {
  private readonly samples: { atMs: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  /** Records that `bytesDone` bytes were done at `atMs` (any monotonic clock in ms). */
  add(bytesDone: number, atMs: number): void {
    const last = this.samples.at(-1);
    if (last && (atMs < last.atMs || bytesDone < last.bytes)) {
      // Time or bytes going backwards means a new run: old samples say nothing about it.
      this.samples.length = 0;
    }
    this.samples.push({ atMs, bytes: bytesDone });
    // Two samples stay even when both are old: a stalled transfer still has a speed (zero).
    while (this.samples.length > 2 && atMs - this.samples[0]!.atMs > this.windowMs) {
      this.samples.shift();
    }
  }

  /** Bytes per second over the window; null until two samples at different times exist. */
  bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.atMs <= first.atMs) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.atMs - first.atMs);
  }

  /** Whole seconds until `bytesTotal` at the current speed; null while the speed is unknown or zero. */
  secondsLeft(bytesTotal: number): number | null {
    const speed = this.bytesPerSecond();
    const last = this.samples.at(-1);
    if (speed === null || speed <= 0 || !last) return null;
    return Math.ceil(Math.max(0, bytesTotal - last.bytes) / speed);
  }
}

/**
 * Running exports and imports by the job id the renderer chose, so
 * cancelBundleJob can stop one and a lock can stop them all.
 */
export class BundleJobs {
  private readonly running = new Map<string, AbortController>();

  /** Runs `work` as job `jobId`; a second job with an id still running is refused. */
  async run<T>(jobId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running.has(jobId)) throw new Error(`job ${jobId} is already running`);
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(jobId);
    }
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

import { OrderedWorker } from './ordered-worker';

/**
 * Idle hashing and sealing threads kept for the next file, so a folder of
 * videos or a bundle's volumes do not start two threads each (tens of
 * milliseconds of CPU every time).
 *
 * A worker comes back here only after its 'end' reply: it has let go of
 * the ring and the file descriptor and zero-filled its copy of the payload
 * key. An idle worker therefore holds no key material, which is why a
 * vault lock does not need to end it; a worker still in a job is ended by
 * the lock's cancel of that job. A worker whose job was cancelled or failed
 * is terminated by its owner, never returned.
 */

/** Idle workers kept per kind of worker (hashing, sealing). */
export const MAX_IDLE_PER_SOURCE = 2;
/** An idle worker nobody asked for in this long is ended, so nothing lingers. */
export const IDLE_LIFETIME_MS = 30_000;

interface IdleWorker {
  worker: OrderedWorker;
  timer: NodeJS.Timeout;
}

export class WorkerPool {
  private readonly idle = new Map<string, IdleWorker[]>();

  constructor(
    private readonly maxIdle = MAX_IDLE_PER_SOURCE,
    private readonly idleLifetimeMs = IDLE_LIFETIME_MS,
  ) {}

  /** An idle worker running `source`, or a new one. */
  acquire(source: string): OrderedWorker {
    const waiting = this.idle.get(source) ?? [];
    for (let entry = waiting.pop(); entry !== undefined; entry = waiting.pop()) {
      clearTimeout(entry.timer);
      if (entry.worker.failed) continue;
      entry.worker.hold();
      return entry.worker;
    }
    return new OrderedWorker(source);
  }

  /**
   * Takes back a worker that answered 'end'. Beyond the idle limit, or if
   * the thread has died meanwhile, it is stopped instead.
   */
  release(source: string, worker: OrderedWorker): void {
    const waiting = this.idle.get(source) ?? [];
    if (worker.failed || waiting.length >= this.maxIdle) {
      void worker.stop();
      return;
    }
    // An idle thread must not keep the app (or a test run) from exiting.
    worker.letGo();
    const timer = setTimeout(() => this.expire(source, worker), this.idleLifetimeMs);
    timer.unref();
    waiting.push({ worker, timer });
    this.idle.set(source, waiting);
  }

  idleCount(source?: string): number {
    if (source !== undefined) return this.idle.get(source)?.length ?? 0;
    let count = 0;
    for (const waiting of this.idle.values()) count += waiting.length;
    return count;
  }

  /** Ends every idle worker (app quit, tests). */
  async endIdle(): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const waiting of this.idle.values()) {
      for (const { worker, timer } of waiting.splice(0)) {
        clearTimeout(timer);
        stopping.push(worker.stop());
      }
    }
    await Promise.all(stopping);
  }

  private expire(source: string, worker: OrderedWorker): void {
    const waiting = this.idle.get(source) ?? [];
    const index = waiting.findIndex((entry) => entry.worker === worker);
    if (index === -1) return;
    waiting.splice(index, 1);
    void worker.stop();
  }
}

/** The one pool attach and bundle reads share. */
export const evidenceWorkers = new WorkerPool();

/**
 * The free slots of attach's block ring. A slot is taken to read a block
 * into and given back once that block is hashed and written, so the reader
 * can never run more than the ring's size ahead of the slower of the two:
 * memory stays flat whatever the file size.
 */
export class SlotPool {
  private readonly free: number[];
  private readonly waiters: { resolve(slot: number): void; reject(error: unknown): void }[] = [];
  private failure: { error: unknown } | undefined;

  constructor(slotCount: number) {
    if (!Number.isSafeInteger(slotCount) || slotCount < 2) {
      throw new RangeError('the ring needs at least two slots (one block of lookahead)');
    }
    this.free = Array.from({ length: slotCount }, (_, slot) => slot);
  }

  /** A free slot, waiting for one if need be; rejects once the pool has failed. */
  take(): Promise<number> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  give(slot: number): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(slot);
    else this.free.push(slot);
  }

  /** Wakes whoever waits with `error`; every later take rejects with it. The first failure wins. */
  fail(error: unknown): void {
    this.failure ??= { error };
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure.error);
  }

  get failed(): { error: unknown } | undefined {
    return this.failure;
  }
}

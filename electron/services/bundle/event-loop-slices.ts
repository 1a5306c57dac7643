/**
 * Long synchronous work cut into slices, so the main process's event loop
 * runs in between: IPC stays answered, progress and a cancel get through.
 * Encoding 10,000 incidents to JSONL and CSV in one go held the loop for
 * most of a second.
 */

/** Short enough that a click or an IPC reply is never noticeably late. */
export const SLICE_BUDGET_MS = 12;

export class EventLoopSlices {
  private sliceStart = performance.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly budgetMs = SLICE_BUDGET_MS,
  ) {}

  /**
   * Cheap enough to call after every record: lets the event loop run once
   * the slice's budget is spent, and stops there if the signal was aborted.
   */
  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }
}

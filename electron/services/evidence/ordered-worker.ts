import { Worker } from 'node:worker_threads';

/**
 * A worker thread that answers each job with one reply, in the order the
 * jobs were posted. Attach runs its SHA-256 and its sealing this way, so
 * the main process's event loop only routes messages.
 *
 * The worker code is a plain JavaScript string evaluated by the worker: a
 * module file would need its own entry in the main-process bundle and a
 * loader under vitest, while a string runs the same in Electron, Node and
 * tests. Its replies are `{ ok: true, ...result }` or
 * `{ ok: false, code?, message }`.
 */

export type WorkerReply = { ok: true } & Record<string, unknown>;

interface Waiter {
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

export class OrderedWorker {
  private readonly worker: Worker;
  private readonly waiting: Waiter[] = [];
  private failure: Error | undefined;
  private stopping = false;

  constructor(source: string, workerData: unknown) {
    this.worker = new Worker(source, { eval: true, workerData });
    this.worker.on('message', (reply: unknown) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', () => {
      if (!this.stopping) this.fail(new Error('the worker thread stopped'));
    });
  }

  /**
   * Posts a job; resolves with its reply once every earlier job has had its
   * own. `transfer` hands buffers over to the thread, which then owns them.
   */
  run(job: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<WorkerReply>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(job, transfer);
    });
  }

  /**
   * Stops the thread without waiting for queued jobs; they are rejected.
   * Once this resolves the worker runs no more code (a system call it was
   * in has returned), so a file descriptor it wrote to may be closed.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.fail(new Error('the worker thread was stopped'));
    await this.worker.terminate();
  }

  private settle(reply: unknown): void {
    const waiter = this.waiting.shift();
    if (waiter === undefined) return;
    if (isSuccess(reply)) {
      waiter.resolve(reply);
      return;
    }
    waiter.reject(replyError(reply));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

function isSuccess(reply: unknown): reply is WorkerReply {
  return typeof reply === 'object' && reply !== null && 'ok' in reply && reply.ok === true;
}

/** The worker's error as an Error again, with the system error code (ENOSPC…) kept. */
function replyError(reply: unknown): Error {
  const fields = typeof reply === 'object' && reply !== null ? reply : {};
  const message =
    'message' in fields && typeof fields.message === 'string'
      ? fields.message
      : 'the worker thread failed';
  const error = new Error(message);
  if ('code' in fields && typeof fields.code === 'string') {
    return Object.assign(error, { code: fields.code });
  }
  return error;
}

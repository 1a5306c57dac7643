import { describe, expect, it } from 'vitest';
import { BundleJobs } from './bundle-jobs';

describe('BundleJobs', () => {
  it('cancels the job with that id only, and forgets it when it ends', async () => {
    const jobs = new BundleJobs();
    const signals: AbortSignal[] = [];
    let release = () => {};
    const running = jobs.run('job-a', async (signal) => {
      signals.push(signal);
      await new Promise<void>((resolve) => (release = resolve));
      return 'done';
    });
    const other = jobs.run('job-b', async (signal) => signal.aborted);
    expect(jobs.cancel('job-a')).toBe(true);
    expect(signals[0]?.aborted).toBe(true);
    expect(await other).toBe(false);
    release();
    expect(await running).toBe('done');
    expect(jobs.cancel('job-a')).toBe(false);
  });

  it('refuses a second job under an id that is still running', async () => {
    const jobs = new BundleJobs();
    let release = () => {};
    const first = jobs.run('same', () => new Promise<void>((resolve) => (release = resolve)));
    await expect(jobs.run('same', async () => undefined)).rejects.toThrow(/already running/);
    release();
    await first;
  });

  it('cancelAll aborts every running job', async () => {
    const jobs = new BundleJobs();
    const seen: AbortSignal[] = [];
    const hold = (signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        seen.push(signal);
        signal.addEventListener('abort', () => resolve());
      });
    const both = Promise.all([jobs.run('one', hold), jobs.run('two', hold)]);
    jobs.cancelAll();
    await both;
    expect(seen.every((signal) => signal.aborted)).toBe(true);
  });
});

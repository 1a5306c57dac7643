import { describe, expect, it } from 'vitest';
import { createFlushRegistry } from './flush-registry';
import { createLocker } from './lock';

describe('lock procedure', () => {
  it('saves drafts, then locks main, then reloads', async () => {
    const order: string[] = [];
    const flushes = createFlushRegistry();
    flushes.register(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('flush');
    });
    const lock = createLocker({
      flushes,
      lockVault: () => {
        order.push('lockVault');
        return Promise.resolve();
      },
      reload: () => order.push('reload'),
    });
    await lock();
    expect(order).toEqual(['flush', 'lockVault', 'reload']);
  });

  it('runs once when asked several times together', async () => {
    let locks = 0;
    let reloads = 0;
    const lock = createLocker({
      flushes: createFlushRegistry(),
      lockVault: () => {
        locks += 1;
        return Promise.resolve();
      },
      reload: () => {
        reloads += 1;
      },
    });
    await Promise.all([lock(), lock(), lock()]);
    expect([locks, reloads]).toEqual([1, 1]);
  });

  it('still reloads when main cannot be reached', async () => {
    let reloaded = false;
    const lock = createLocker({
      flushes: createFlushRegistry(),
      lockVault: () => Promise.reject(new Error('ipc closed')),
      reload: () => {
        reloaded = true;
      },
    });
    await lock();
    expect(reloaded).toBe(true);
  });
});

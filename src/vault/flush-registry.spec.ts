import { describe, expect, it } from 'vitest';
import { createFlushRegistry } from './flush-registry';

describe('flush registry', () => {
  it('runs every registered flush and waits for them', async () => {
    const registry = createFlushRegistry();
    const done: string[] = [];
    registry.register(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done.push('slow');
    });
    registry.register(() => {
      done.push('fast');
      return Promise.resolve();
    });
    expect(await registry.flushAll(1000)).toBe(true);
    expect(done.sort()).toEqual(['fast', 'slow']);
  });

  it('keeps flushing the others when one fails', async () => {
    const registry = createFlushRegistry();
    let ran = false;
    registry.register(() => Promise.reject(new Error('disk full')));
    registry.register(() => {
      ran = true;
      return Promise.resolve();
    });
    expect(await registry.flushAll(1000)).toBe(true);
    expect(ran).toBe(true);
  });

  it('gives up waiting after the timeout', async () => {
    const registry = createFlushRegistry();
    registry.register(() => new Promise(() => undefined));
    const started = Date.now();
    expect(await registry.flushAll(30)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('forgets a flush once unregistered', async () => {
    const registry = createFlushRegistry();
    let calls = 0;
    const flush = () => {
      calls += 1;
      return Promise.resolve();
    };
    const first = registry.register(flush);
    const second = registry.register(flush);
    first();
    expect(registry.size).toBe(1);
    await registry.flushAll(100);
    expect(calls).toBe(1);
    second();
    expect(registry.size).toBe(0);
  });
});

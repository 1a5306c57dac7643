import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { releaseMemory } from './release-memory';

describe('releaseMemory', () => {
  it('frees a buffer that owns its memory: a cipher output, a large allocation', () => {
    const cipher = createCipheriv('chacha20-poly1305', randomBytes(32), randomBytes(12), {
      authTagLength: 16,
    });
    const output = cipher.update(randomBytes(65_536));
    const large = Buffer.allocUnsafe(1024 * 1024);
    releaseMemory(output);
    releaseMemory(large);
    expect(output.byteLength).toBe(0);
    expect(large.byteLength).toBe(0);
  });

  it("leaves alone a slice of Node's pool, a view into a larger buffer, shared memory and empty ones", () => {
    const pooled = Buffer.from('a few bytes from the pool');
    const whole = Buffer.alloc(100_000, 7);
    const view = whole.subarray(10, 20);
    const shared = Buffer.from(new SharedArrayBuffer(70_000));
    const empty = Buffer.alloc(0);
    for (const buffer of [pooled, view, shared, empty]) releaseMemory(buffer);
    expect(pooled.toString()).toBe('a few bytes from the pool');
    expect(view.length).toBe(10);
    expect(whole[99_999]).toBe(7);
    expect(shared.length).toBe(70_000);
  });
});

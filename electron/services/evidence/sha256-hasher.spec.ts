import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInlineHasher, createWorkerHasher, type StreamingHasher } from './sha256-hasher';

const BLOCK = 64 * 1024;

describe.each<[string, () => StreamingHasher]>([
  ['inline', () => createInlineHasher(BLOCK)],
  // A queue of two blocks: the encrypting side has to wait for the worker often.
  ['worker', () => createWorkerHasher(BLOCK, 2 * BLOCK)],
])('%s hasher', (_name, make) => {
  it('digests blocks (the last one short) exactly as createHash does', async () => {
    const hasher = make();
    const reference = createHash('sha256');
    for (let index = 0; index < 40; index++) {
      const block = hasher.allocate();
      expect(block.length).toBe(BLOCK);
      const length = index === 39 ? 1234 : BLOCK;
      block.set(randomBytes(length));
      reference.update(block.subarray(0, length));
      await hasher.update(block.subarray(0, length));
    }
    expect(await hasher.digest()).toBe(reference.digest('hex'));
  });

  it('of nothing: the SHA-256 of the empty string', async () => {
    const hasher = make();
    expect(await hasher.digest()).toBe(createHash('sha256').digest('hex'));
  });

  it('refuses a buffer it did not hand out, before moving or hashing anything', async () => {
    const hasher = make();
    const foreign = Buffer.from('a pooled Buffer shared with unrelated code');
    await expect(hasher.update(foreign)).rejects.toThrow(RangeError);
    expect(foreign.toString()).toBe('a pooled Buffer shared with unrelated code');
    await expect(hasher.update(hasher.allocate().subarray(1))).rejects.toThrow(RangeError);
    expect(await hasher.digest()).toBe(createHash('sha256').digest('hex'));
  });
});

describe('worker hasher', () => {
  it('moves blocks to the worker without copying them', async () => {
    const hasher = createWorkerHasher(BLOCK, BLOCK);
    const block = hasher.allocate();
    block.fill(7);
    await hasher.update(block);
    // Transferred: the caller's view is detached, the bytes live in the worker now.
    expect(block.length).toBe(0);
    expect(await hasher.digest()).toBe(
      createHash('sha256').update(Buffer.alloc(BLOCK, 7)).digest('hex'),
    );
  });
});

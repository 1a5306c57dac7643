import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInlineHasher, createWorkerHasher, type Sha256Hasher } from './sha256-hasher';

const SLOT = 64 * 1024;
const SLOTS = 3;

/** A ring as attach makes it: shared memory for the worker, a plain buffer inline. */
function makeRing(kind: 'inline' | 'worker'): { ring: Buffer; hasher: Sha256Hasher } {
  if (kind === 'inline') {
    const ring = Buffer.alloc(SLOT * SLOTS);
    return { ring, hasher: createInlineHasher(ring) };
  }
  const shared = new SharedArrayBuffer(SLOT * SLOTS);
  return { ring: Buffer.from(shared), hasher: createWorkerHasher(shared) };
}

describe.each(['inline', 'worker'] as const)('%s hasher', (kind) => {
  it('digests slots reused in turn (the last block short) exactly as createHash does', async () => {
    const { ring, hasher } = makeRing(kind);
    const reference = createHash('sha256');
    for (let index = 0; index < 40; index++) {
      const offset = (index % SLOTS) * SLOT;
      const length = index === 39 ? 1234 : SLOT;
      const block = randomBytes(length);
      block.copy(ring, offset);
      reference.update(block);
      // Awaited before the slot is written again, as attach waits before reusing one.
      await hasher.update(offset, length);
    }
    expect(await hasher.digest()).toBe(reference.digest('hex'));
  });

  it('of nothing: the SHA-256 of the empty string', async () => {
    const { hasher } = makeRing(kind);
    expect(await hasher.digest()).toBe(createHash('sha256').digest('hex'));
  });

  it('refuses ranges outside the ring, and hashes nothing for them', async () => {
    const { ring, hasher } = makeRing(kind);
    ring.fill(9);
    for (const [offset, length] of [
      [-1, 10],
      [0, SLOT * SLOTS + 1],
      [SLOT * SLOTS - 5, 6],
      [0.5, 10],
      [0, Number.NaN],
    ] as const) {
      await expect(hasher.update(offset, length)).rejects.toThrow(RangeError);
    }
    await hasher.update(SLOT * SLOTS - 5, 5);
    expect(await hasher.digest()).toBe(
      createHash('sha256').update(Buffer.alloc(5, 9)).digest('hex'),
    );
  });

  it('after close, refuses more work instead of hanging', async () => {
    const { hasher } = makeRing(kind);
    await hasher.close();
    await hasher.close();
    if (kind === 'worker') await expect(hasher.update(0, 10)).rejects.toThrow();
  });
});

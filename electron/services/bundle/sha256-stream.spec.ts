import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSha256Stream, OFF_THREAD_FROM_BYTES } from './sha256-stream';

const reference = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('createSha256Stream', () => {
  it.each([
    ['inline', 1000],
    ['in a worker thread', OFF_THREAD_FROM_BYTES],
  ])('hashes %s exactly what node:crypto hashes, whatever the piece sizes', async (_, expected) => {
    const data = randomBytes(20 * 1024 * 1024 + 3);
    const hash = createSha256Stream(expected);
    const sizes = [0, 1, 65_535, 1024 * 1024, 3 * 1024 * 1024 + 7, 17];
    let offset = 0;
    for (let n = 0; offset < data.length; n++) {
      const size = Math.min(sizes[n % sizes.length]!, data.length - offset);
      await hash.update(data.subarray(offset, offset + size));
      offset += size;
    }
    expect(await hash.digest()).toBe(reference(data));
  });

  it('copies what it is given: the caller may overwrite its buffer right away', async () => {
    const piece = Buffer.alloc(300_000);
    const seen: Buffer[] = [];
    const hash = createSha256Stream(OFF_THREAD_FROM_BYTES);
    for (let n = 0; n < 40; n++) {
      piece.fill(n);
      seen.push(Buffer.from(piece));
      await hash.update(piece);
    }
    piece.fill(0xff);
    expect(await hash.digest()).toBe(reference(Buffer.concat(seen)));
  });

  it('an empty stream has the empty SHA-256, and close without a digest ends the thread', async () => {
    const empty = createSha256Stream(OFF_THREAD_FROM_BYTES);
    expect(await empty.digest()).toBe(reference(Buffer.alloc(0)));
    const abandoned = createSha256Stream(OFF_THREAD_FROM_BYTES);
    await abandoned.update(randomBytes(5 * 1024 * 1024));
    await abandoned.close();
    await abandoned.close();
  });
});

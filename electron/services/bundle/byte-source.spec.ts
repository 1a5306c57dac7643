import { describe, expect, it } from 'vitest';
import { ByteSource } from './byte-source';

/** A producer that reuses one buffer: each chunk is overwritten when the next is asked for. */
async function* reusingProducer(bytes: Buffer, chunkSize: number): AsyncGenerator<Buffer> {
  const shared = Buffer.alloc(chunkSize);
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const length = bytes.copy(shared, 0, offset, offset + chunkSize);
    yield shared.subarray(0, length);
    shared.fill(0xee);
  }
}

const input = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));

describe('ByteSource', () => {
  it('reads spanning chunks correctly from a producer that reuses its memory', async () => {
    const source = new ByteSource(reusingProducer(input, 7));
    const first = await source.readUpTo(512);
    const second = await source.readUpTo(300);
    expect(first.equals(input.subarray(0, 512))).toBe(true);
    expect(second.equals(input.subarray(512, 812))).toBe(true);
  });

  it('returns fewer bytes only at the end, then nothing', async () => {
    const source = new ByteSource(reusingProducer(input, 64));
    expect((await source.readUpTo(990)).length).toBe(990);
    expect((await source.readUpTo(512)).equals(input.subarray(990))).toBe(true);
    expect((await source.readUpTo(512)).length).toBe(0);
    expect(await source.next(10)).toBeUndefined();
  });

  it('hands out pieces of at most the size asked for, without copying a whole chunk', async () => {
    const source = new ByteSource(reusingProducer(input, 100));
    const piece = await source.next(40);
    expect(piece?.equals(input.subarray(0, 40))).toBe(true);
    expect((await source.next(1000))?.equals(input.subarray(40, 100))).toBe(true);
  });

  it('passes a failure of the producer through', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('abc');
      throw new Error('read failed');
    }
    const source = new ByteSource(failing());
    await expect(source.readUpTo(10)).rejects.toThrow('read failed');
  });
});

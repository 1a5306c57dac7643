import { describe, expect, it } from 'vitest';
import { PackedInt32Error, packInt32, unpackInt32 } from './packed-int32';

describe('packed Int32 columns', () => {
  it('round-trips every value, negative and extreme ones included', () => {
    const values = Int32Array.from([0, 1, -1, 255, 256, 65_535, -2_147_483_648, 2_147_483_647]);
    expect([...unpackInt32(packInt32(values))]).toEqual([...values]);
    expect(unpackInt32(packInt32(new Int32Array(0)))).toHaveLength(0);
  });

  it('joins pieces of a multiple of three values into the packing of the whole', () => {
    const values = Int32Array.from({ length: 10 }, (_, at) => at * 1_000_003);
    expect(packInt32(values.subarray(0, 6)) + packInt32(values.subarray(6))).toBe(
      packInt32(values),
    );
  });

  it('refuses text that is not base64 of whole 32-bit values', () => {
    expect(() => unpackInt32('not base64!')).toThrow(PackedInt32Error);
    expect(() => unpackInt32(btoa('abc'))).toThrow(PackedInt32Error);
  });
});

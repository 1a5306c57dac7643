import { describe, expect, it } from 'vitest';
import { PackedInt32Error, bytesToInt32, int32Bytes } from './packed-int32';

describe('packed int32 columns', () => {
  it('round-trips any int32 values as little-endian bytes', () => {
    const values = new Int32Array([0, 1, -1, 2_147_483_647, -2_147_483_648, 100_000, 7]);
    const bytes = int32Bytes(values);
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect([...bytesToInt32(bytes)]).toEqual([...values]);
    expect(bytesToInt32(new Uint8Array(0))).toHaveLength(0);
  });

  it('reads values that start at an odd offset, into memory of their own', () => {
    const values = new Int32Array([5, -6, 70_000]);
    const shifted = new Uint8Array(13);
    shifted.set(int32Bytes(values), 1);
    const read = bytesToInt32(shifted.subarray(1));
    expect([...read]).toEqual([5, -6, 70_000]);
    shifted[1] = 9;
    expect(read[0]).toBe(5);
  });

  it('refuses bytes that are not whole 32-bit numbers', () => {
    expect(() => bytesToInt32(new Uint8Array(3))).toThrow(PackedInt32Error);
    expect(() => bytesToInt32(new Uint8Array(9))).toThrow(PackedInt32Error);
  });
});

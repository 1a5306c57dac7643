import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bech32Decode, bech32Encode } from './bech32';
import { isAgeError } from './errors';

describe('bech32', () => {
  it.each(['A12UEL5L', 'a12uel5l', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw', '?1ezyfcl'])(
    'accepts the BIP 173 valid string %s',
    (text) => {
      const { hrp, data } = bech32Decode(text);
      expect(
        bech32Encode(hrp, data, text === text.toUpperCase() && text !== text.toLowerCase()),
      ).toBe(text);
    },
  );

  it('round-trips data far beyond the 90-character limit of BIP 173', () => {
    const data = randomBytes(200);
    const encoded = bech32Encode('age', data);
    expect(encoded.length).toBeGreaterThan(300);
    expect(bech32Decode(encoded).data.equals(data)).toBe(true);
  });

  it('writes upper case on request and reads it back with a lower-case hrp', () => {
    const data = randomBytes(32);
    const encoded = bech32Encode('AGE-SECRET-KEY-', data, true);
    expect(encoded).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]+$/);
    expect(bech32Decode(encoded)).toEqual({ hrp: 'age-secret-key-', data });
  });

  it.each([
    ['mixed case', 'A12uEL5L'],
    ['a changed character', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx'],
    ['no separator', 'a2uel5l'],
    ['a checksum shorter than six characters', 'a1uel5'],
    ['a character outside the alphabet', 'abcdef1qpzrb9x8gf2tvdw0s3jn54khce6mua7lmqqqxw'],
    ['a bech32m checksum', 'a1lqfn3a'],
    ['a space', 'a 12uel5l'],
  ])('rejects %s', (_reason, text) => {
    expect(() => bech32Decode(text)).toThrow(
      expect.toSatisfy((error: unknown) => isAgeError(error, 'INVALID_KEY')),
    );
  });
});

import { AgeError } from './errors';

/**
 * Bech32 as specified by BIP 173 (the original checksum constant 1, not
 * bech32m), without BIP 173's 90-character limit: age identities and
 * recipients of future key types can be longer.
 */

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const CHECKSUM_LENGTH = 6;

const CHARSET_INDEX: ReadonlyMap<string, number> = new Map(
  [...CHARSET].map((character, index) => [character, index]),
);

function polymod(values: readonly number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (let bit = 0; bit < 5; bit++) {
      if ((top >>> bit) & 1) checksum ^= GENERATORS[bit] ?? 0;
    }
  }
  return checksum >>> 0;
}

function expandHumanReadablePart(hrp: string): number[] {
  const codes = [...hrp].map((character) => character.charCodeAt(0));
  return [...codes.map((code) => code >>> 5), 0, ...codes.map((code) => code & 31)];
}

function createChecksum(hrp: string, words: readonly number[]): number[] {
  const values = [...expandHumanReadablePart(hrp), ...words, 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ 1;
  return Array.from({ length: CHECKSUM_LENGTH }, (_, index) => (mod >>> (5 * (5 - index))) & 31);
}

/** Regroups bits; `pad` adds zero bits on encode, and decode refuses non-zero padding. */
function convertBits(
  data: Iterable<number>,
  fromBits: number,
  toBits: number,
  pad: boolean,
): number[] {
  let accumulator = 0;
  let bitCount = 0;
  const result: number[] = [];
  const maxValue = (1 << toBits) - 1;
  for (const value of data) {
    accumulator = (accumulator << fromBits) | value;
    bitCount += fromBits;
    while (bitCount >= toBits) {
      bitCount -= toBits;
      result.push((accumulator >>> bitCount) & maxValue);
    }
    accumulator &= (1 << bitCount) - 1;
  }
  if (pad) {
    if (bitCount > 0) result.push((accumulator << (toBits - bitCount)) & maxValue);
  } else if (bitCount >= fromBits || ((accumulator << (toBits - bitCount)) & maxValue) !== 0) {
    throw new AgeError('INVALID_KEY', 'bech32: invalid padding bits');
  }
  return result;
}

/** Encodes `data` under `hrp`; `upperCase` is how age writes identities. */
export function bech32Encode(hrp: string, data: Uint8Array, upperCase = false): string {
  if (hrp.length === 0) throw new AgeError('INVALID_KEY', 'bech32: empty human-readable part');
  for (const character of hrp) {
    const code = character.charCodeAt(0);
    if (code < 33 || code > 126) {
      throw new AgeError('INVALID_KEY', 'bech32: invalid character in human-readable part');
    }
  }
  const lowerHrp = hrp.toLowerCase();
  const words = convertBits(data, 8, 5, true);
  const checksum = createChecksum(lowerHrp, words);
  const encoded = `${lowerHrp}1${[...words, ...checksum].map((word) => CHARSET[word]).join('')}`;
  return upperCase ? encoded.toUpperCase() : encoded;
}

export interface Bech32Decoded {
  /** Lower-cased human-readable part. */
  hrp: string;
  data: Buffer;
}

/** Decodes and verifies a Bech32 string; mixed case is rejected as BIP 173 requires. */
export function bech32Decode(text: string): Bech32Decoded {
  const lower = text.toLowerCase();
  if (text !== lower && text !== text.toUpperCase()) {
    throw new AgeError('INVALID_KEY', 'bech32: mixed case');
  }
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 33 || code > 126) throw new AgeError('INVALID_KEY', 'bech32: invalid character');
  }
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + CHECKSUM_LENGTH + 1 > lower.length) {
    throw new AgeError('INVALID_KEY', 'bech32: separator missing or misplaced');
  }
  const hrp = lower.slice(0, separator);
  const words: number[] = [];
  for (const character of lower.slice(separator + 1)) {
    const word = CHARSET_INDEX.get(character);
    if (word === undefined) throw new AgeError('INVALID_KEY', 'bech32: invalid data character');
    words.push(word);
  }
  if (polymod([...expandHumanReadablePart(hrp), ...words]) !== 1) {
    throw new AgeError('INVALID_KEY', 'bech32: checksum mismatch');
  }
  const data = convertBits(words.slice(0, -CHECKSUM_LENGTH), 5, 8, false);
  return { hrp, data: Buffer.from(data) };
}

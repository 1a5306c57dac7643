/**
 * Record ids: RFC 9562 UUID version 7. The first 48 bits are the Unix time in
 * milliseconds, so ids sort by creation time (IndexedDB keys, bundle merges);
 * the remaining 74 bits are random. Ids made within one millisecond stay in
 * order: the 74 random bits of the previous id are treated as a counter and
 * incremented (RFC 9562 §6.2, method 2), so a batch of 100,000 records gets
 * strictly increasing ids.
 */

const RANDOM_BITS = 74n;
const RANDOM_LIMIT = 1n << RANDOM_BITS;
/** Low 62 bits of the random part: the bits after the variant. */
const RAND_B_BITS = 62n;
const RAND_B_MASK = (1n << RAND_B_BITS) - 1n;
const VARIANT_RFC = 0b10n << RAND_B_BITS;

let lastMs = -1;
let lastRandom = 0n;

function freshRandom(): bigint {
  const bytes = new Uint8Array(10); // 80 bits, of which 74 are kept
  globalThis.crypto.getRandomValues(bytes);
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  // Keep the top bit clear so a run of increments within one millisecond has
  // room before it overflows into the next one.
  return value & ((RANDOM_LIMIT >> 1n) - 1n);
}

function hex(value: bigint, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/** A new UUIDv7 string in lower-case hex with dashes. */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    lastRandom = freshRandom();
  } else {
    // Same millisecond, or the clock stepped back: stay on the last timestamp
    // and count up so ids never go backwards.
    lastRandom += 1n;
    if (lastRandom >= RANDOM_LIMIT) {
      lastMs += 1;
      lastRandom = freshRandom();
    }
  }
  const timestamp = hex(BigInt(lastMs), 12);
  const randA = lastRandom >> RAND_B_BITS; // 12 bits
  const randB = lastRandom & RAND_B_MASK; // 62 bits
  const versionAndRandA = hex((0x7n << 12n) | randA, 4);
  const variantAndRandB = hex(VARIANT_RFC | randB, 16);
  return [
    timestamp.slice(0, 8),
    timestamp.slice(8, 12),
    versionAndRandA,
    variantAndRandB.slice(0, 4),
    variantAndRandB.slice(4, 16),
  ].join('-');
}

/** The creation time embedded in a UUIDv7, in milliseconds since the epoch. */
export function timestampOfId(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

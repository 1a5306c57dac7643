import { sha256 } from '@noble/hashes/sha2.js';
import { signingPublicKeySchema } from './contact';

/**
 * What two people read to each other (phone, in person) to confirm a
 * signing key (docs/FORMAT.md §6.3): SHA-256 of the 32 raw key bytes, as
 * six groups of five decimal digits, each group the next 5 hash bytes
 * (big-endian) modulo 100,000. About 100 bits: enough that no one can make
 * a second key with the same fingerprint, short enough to compare aloud.
 *
 * Pure code on @noble/hashes so the renderer (contact cards, verification)
 * and main (bundle sender) compute it alike.
 */

const GROUPS = 6;
const BYTES_PER_GROUP = 5;

export function signingKeyFingerprint(signingPublicKey: Uint8Array): string {
  if (signingPublicKey.length !== 32) throw new RangeError('an Ed25519 public key has 32 bytes');
  const digest = sha256(signingPublicKey);
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    // Five bytes stay below 2^53, so plain numbers hold them exactly.
    let value = 0;
    for (const byte of digest.subarray(group * BYTES_PER_GROUP, (group + 1) * BYTES_PER_GROUP)) {
      value = value * 256 + byte;
    }
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** The fingerprint of a key as contacts store it (base64); throws on anything but 32 bytes in base64. */
export function fingerprintOfSigningKey(base64Key: string): string {
  const text = signingPublicKeySchema.parse(base64Key);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return signingKeyFingerprint(bytes);
}

/** The six groups on their own, for showing them one by one while they are read aloud. */
export function fingerprintGroups(fingerprint: string): string[] {
  return fingerprint.split(' ');
}

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { generateX25519Identity, parseIdentity, recipientFromIdentity } from '../age';
import { newId } from '../../../src/domain/ids';

/**
 * The plaintext of keys.age: an age identity file that `age -i` accepts as it
 * is (age ignores `#` lines), with Depter's other keys carried as comment
 * lines. Format 1, exactly as docs/FORMAT.md describes:
 *
 *   # Depter key file, format 1. Anyone who reads this can read every record of this device.
 *   # depter-device-id: <UUIDv7>
 *   # depter-created: <ISO 8601>
 *   # depter-signing-key-ed25519: <base64 of the 32-byte Ed25519 private seed>
 *   # depter-signing-public-key-ed25519: <base64 of the 32-byte public key>
 *   # depter-records-key-aes-256-gcm: <base64 of 32 random bytes>
 *   # public key: age1…
 *   AGE-SECRET-KEY-1…
 *
 * Parsing is strict: every line in this order, each field once, exact
 * lengths, and both public keys must match their secrets. A file that passed
 * age's authentication but fails here was written by something else (or by a
 * future format), and guessing at it could hand the repository a wrong
 * records key, so it is reported as damaged instead.
 */

export const KEY_FILE_TITLE =
  '# Depter key file, format 1. Anyone who reads this can read every record of this device.';

const FIELD = {
  deviceId: 'depter-device-id',
  createdAt: 'depter-created',
  signingSeed: 'depter-signing-key-ed25519',
  signingPublicKey: 'depter-signing-public-key-ed25519',
  recordsKey: 'depter-records-key-aes-256-gcm',
  ageRecipient: 'public key',
} as const;

const KEY_BYTES = 32;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
// RFC 8410 PKCS#8 prefix of an Ed25519 private key: node:crypto imports a raw seed through it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface VaultKeys {
  /** UUIDv7 naming this install in sync fields, audit entries and bundles. */
  deviceId: string;
  /** `AGE-SECRET-KEY-1…`: opens bundles sent to this device and evidence at rest. */
  ageIdentity: string;
  /** `age1…` */
  ageRecipient: string;
  /** The 32-byte Ed25519 private seed that signs bundles. */
  signingSeed: Buffer;
  signingPublicKey: Buffer;
  /** The 256-bit AES-GCM key sealing record bodies in IndexedDB. */
  recordsKey: Buffer;
  /** ISO 8601 instant when the vault was created. */
  createdAt: string;
}

export class KeyFileFormatError extends Error {
  override readonly name = 'KeyFileFormatError';
}

export function generateVaultKeys(created: Date = new Date()): VaultKeys {
  const { identity, recipient } = generateX25519Identity();
  const { privateKey } = generateKeyPairSync('ed25519');
  const signingSeed = ed25519Seed(privateKey);
  return {
    deviceId: newId(),
    ageIdentity: identity,
    ageRecipient: recipient,
    signingSeed,
    signingPublicKey: ed25519PublicKeyFromSeed(signingSeed),
    recordsKey: randomBytes(KEY_BYTES),
    createdAt: created.toISOString(),
  };
}

export function formatKeyFile(keys: VaultKeys): string {
  const lines = [
    KEY_FILE_TITLE,
    `# ${FIELD.deviceId}: ${keys.deviceId}`,
    `# ${FIELD.createdAt}: ${keys.createdAt}`,
    `# ${FIELD.signingSeed}: ${keys.signingSeed.toString('base64')}`,
    `# ${FIELD.signingPublicKey}: ${keys.signingPublicKey.toString('base64')}`,
    `# ${FIELD.recordsKey}: ${keys.recordsKey.toString('base64')}`,
    `# ${FIELD.ageRecipient}: ${keys.ageRecipient}`,
    keys.ageIdentity,
  ];
  return `${lines.join('\n')}\n`;
}

/** Throws KeyFileFormatError on anything but a well-formed format 1 key file. */
export function parseKeyFile(text: string): VaultKeys {
  if (!text.endsWith('\n')) throw new KeyFileFormatError('key file does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 8) throw new KeyFileFormatError(`key file has ${lines.length} lines, not 8`);
  const [
    title,
    deviceLine,
    createdLine,
    seedLine,
    publicLine,
    recordsLine,
    recipientLine,
    identity,
  ] = lines as [string, string, string, string, string, string, string, string];
  if (title !== KEY_FILE_TITLE) throw new KeyFileFormatError('not a Depter key file, format 1');

  const deviceId = field(deviceLine, FIELD.deviceId);
  if (!UUID_V7.test(deviceId)) throw new KeyFileFormatError('device id is not a UUIDv7');
  const createdAt = field(createdLine, FIELD.createdAt);
  if (!ISO_INSTANT.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    throw new KeyFileFormatError('creation time is not an ISO 8601 instant');
  }
  const signingSeed = key32(field(seedLine, FIELD.signingSeed), 'signing key');
  const signingPublicKey = key32(field(publicLine, FIELD.signingPublicKey), 'signing public key');
  if (!ed25519PublicKeyFromSeed(signingSeed).equals(signingPublicKey)) {
    throw new KeyFileFormatError('signing public key does not belong to the signing key');
  }
  const recordsKey = key32(field(recordsLine, FIELD.recordsKey), 'records key');
  const ageRecipient = field(recipientLine, FIELD.ageRecipient);
  let derivedRecipient: string;
  try {
    derivedRecipient = recipientFromIdentity(identity);
    parseIdentity(identity);
  } catch (error) {
    throw new KeyFileFormatError('age identity is not valid', { cause: error });
  }
  // recipientFromIdentity trims; the file must hold the identity exactly.
  if (identity !== identity.trim() || derivedRecipient !== ageRecipient) {
    throw new KeyFileFormatError('age public key does not belong to the age identity');
  }
  return {
    deviceId,
    ageIdentity: identity,
    ageRecipient,
    signingSeed,
    signingPublicKey,
    recordsKey,
    createdAt,
  };
}

function field(line: string, name: string): string {
  const prefix = `# ${name}: `;
  if (!line.startsWith(prefix)) throw new KeyFileFormatError(`expected the "${name}" line`);
  const value = line.slice(prefix.length);
  if (value === '' || value !== value.trim()) {
    throw new KeyFileFormatError(`"${name}" has no clean value`);
  }
  return value;
}

function key32(text: string, what: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  // Round-tripping rejects non-canonical base64 (Buffer.from skips bad characters silently).
  if (bytes.length !== KEY_BYTES || bytes.toString('base64') !== text) {
    throw new KeyFileFormatError(`${what} is not base64 of ${KEY_BYTES} bytes`);
  }
  return bytes;
}

function ed25519Seed(privateKey: KeyObject): Buffer {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = Buffer.from(der.subarray(ED25519_PKCS8_PREFIX.length));
  der.fill(0);
  return seed;
}

export function ed25519PublicKeyFromSeed(seed: Buffer): Buffer {
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0); // a copy of the seed
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new KeyFileFormatError('Ed25519 public key did not export');
  return Buffer.from(jwk.x, 'base64url');
}

/** Overwrites every secret buffer with zeros; strings cannot be wiped, only dropped. */
export function zeroFillKeys(keys: VaultKeys): void {
  keys.signingSeed.fill(0);
  keys.recordsKey.fill(0);
}

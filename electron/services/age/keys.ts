import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { bech32Decode, bech32Encode } from './bech32';
import { AgeError } from './errors';

/** X25519 identities (`AGE-SECRET-KEY-1…`) and recipients (`age1…`), in age's encodings. */

const RECIPIENT_HRP = 'age';
const IDENTITY_HRP = 'age-secret-key-';
export const X25519_KEY_LENGTH = 32;

// Fixed DER prefixes of an X25519 key (OID 1.3.101.110): node:crypto imports raw keys through these.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export interface X25519Identity {
  /** `AGE-SECRET-KEY-1…`, as age-keygen writes it. */
  identity: string;
  /** `age1…`, to give to whoever should be able to encrypt to this identity. */
  recipient: string;
}

export function generateX25519Identity(): X25519Identity {
  const { privateKey } = generateKeyPairSync('x25519');
  const secret = privateScalar(privateKey);
  return {
    identity: encodeIdentity(secret),
    recipient: recipientFromIdentity(encodeIdentity(secret)),
  };
}

export function recipientFromIdentity(identity: string): string {
  return encodeRecipient(publicKeyBytes(parseIdentity(identity)));
}

/** Validates `age1…` and returns the 32-byte public key. */
export function parseRecipient(recipient: string): Buffer {
  const decoded = decodeKey(recipient.trim(), 'recipient');
  if (decoded.hrp !== RECIPIENT_HRP) {
    throw new AgeError('INVALID_KEY', `not an X25519 age recipient (prefix "${decoded.hrp}1")`);
  }
  if (decoded.data.length !== X25519_KEY_LENGTH) {
    throw new AgeError('INVALID_KEY', `X25519 recipient has ${decoded.data.length} bytes, not 32`);
  }
  return decoded.data;
}

/** Validates `AGE-SECRET-KEY-1…` and returns the private key. */
export function parseIdentity(identity: string): KeyObject {
  const decoded = decodeKey(identity.trim(), 'identity');
  if (decoded.hrp !== IDENTITY_HRP) {
    throw new AgeError('INVALID_KEY', 'not an X25519 age identity (expected AGE-SECRET-KEY-1…)');
  }
  if (decoded.data.length !== X25519_KEY_LENGTH) {
    throw new AgeError('INVALID_KEY', `X25519 identity has ${decoded.data.length} bytes, not 32`);
  }
  return privateKeyFromScalar(decoded.data);
}

export function encodeRecipient(publicKey: Uint8Array): string {
  return bech32Encode(RECIPIENT_HRP, publicKey);
}

function encodeIdentity(secret: Uint8Array): string {
  return bech32Encode(IDENTITY_HRP, secret, true);
}

function decodeKey(text: string, kind: 'recipient' | 'identity'): ReturnType<typeof bech32Decode> {
  try {
    return bech32Decode(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AgeError('INVALID_KEY', `malformed age ${kind}: ${reason}`, { cause: error });
  }
}

export function privateKeyFromScalar(secret: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, secret]),
    format: 'der',
    type: 'pkcs8',
  });
}

export function publicKeyFromBytes(publicKey: Uint8Array): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

export function publicKeyBytes(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

function privateScalar(privateKey: KeyObject): Buffer {
  return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

/**
 * X25519 shared secret, or undefined when it is all zeros (a low-order
 * public share), which age forbids. OpenSSL itself refuses to derive it.
 */
export function x25519SharedSecret(
  privateKey: KeyObject,
  publicKey: Uint8Array,
): Buffer | undefined {
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey: publicKeyFromBytes(publicKey) });
  } catch {
    return undefined;
  }
  return shared.every((byte) => byte === 0) ? undefined : shared;
}

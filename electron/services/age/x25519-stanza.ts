import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeCanonicalBase64, encodeBase64NoPadding } from './base64';
import { AgeError } from './errors';
import type { Stanza } from './header';
import { publicKeyBytes, x25519SharedSecret, X25519_KEY_LENGTH } from './keys';
import {
  FILE_KEY_LENGTH,
  hkdfSha256,
  openChaCha20Poly1305,
  sealChaCha20Poly1305,
  TAG_LENGTH,
} from './primitives';

/** The X25519 recipient stanza: `-> X25519 <ephemeral share>` + wrapped file key. */

export const X25519_STANZA_TYPE = 'X25519';
const X25519_LABEL = 'age-encryption.org/v1/X25519';
const WRAPPED_KEY_LENGTH = FILE_KEY_LENGTH + TAG_LENGTH;

export interface X25519IdentityKey {
  privateKey: KeyObject;
  /** The identity's own public key, which salts the wrapping key. */
  publicKey: Buffer;
}

export function wrapForX25519Recipient(fileKey: Buffer, recipientPublicKey: Buffer): Stanza {
  const { privateKey: ephemeral } = generateKeyPairSync('x25519');
  const share = publicKeyBytes(ephemeral);
  const shared = x25519SharedSecret(ephemeral, recipientPublicKey);
  if (shared === undefined) {
    throw new AgeError('INVALID_KEY', 'X25519 recipient is a low-order point');
  }
  const wrapKey = hkdfSha256(shared, Buffer.concat([share, recipientPublicKey]), X25519_LABEL);
  return {
    type: X25519_STANZA_TYPE,
    args: [encodeBase64NoPadding(share)],
    body: sealChaCha20Poly1305(wrapKey, fileKey),
  };
}

interface X25519StanzaFields {
  share: Buffer;
  wrappedKey: Buffer;
}

/** Checks the stanza's shape whoever it is for: a malformed stanza fails the whole file. */
export function readX25519Stanza(stanza: Stanza): X25519StanzaFields {
  const [shareText, ...extra] = stanza.args;
  const share = shareText === undefined ? undefined : decodeCanonicalBase64(shareText);
  if (share === undefined || extra.length > 0 || share.length !== X25519_KEY_LENGTH) {
    throw new AgeError('MALFORMED_HEADER', 'malformed X25519 stanza arguments');
  }
  if (stanza.body.length !== WRAPPED_KEY_LENGTH) {
    throw new AgeError('MALFORMED_HEADER', 'malformed X25519 stanza body');
  }
  return { share, wrappedKey: stanza.body };
}

/** The file key, or undefined when the stanza is for someone else. */
export function unwrapX25519Stanza(
  stanza: Stanza,
  identity: X25519IdentityKey,
): Buffer | undefined {
  const { share, wrappedKey } = readX25519Stanza(stanza);
  const shared = x25519SharedSecret(identity.privateKey, share);
  if (shared === undefined) {
    throw new AgeError('MALFORMED_HEADER', 'X25519 stanza share is a low-order point');
  }
  const wrapKey = hkdfSha256(shared, Buffer.concat([share, identity.publicKey]), X25519_LABEL);
  return openChaCha20Poly1305(wrapKey, wrappedKey);
}

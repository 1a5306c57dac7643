import { randomBytes } from 'node:crypto';
import { AgeError } from './errors';
import {
  encodeHeaderWithoutMac,
  encodeMacLineTail,
  type ParsedHeader,
  type Stanza,
} from './header';
import { computeHeaderMac, verifyHeaderMac } from './header-mac';
import { parseIdentity, parseRecipient, publicKeyBytes } from './keys';
import { FILE_KEY_LENGTH } from './primitives';
import {
  readScryptStanza,
  SCRYPT_STANZA_TYPE,
  unwrapWithPassphrase,
  wrapWithPassphrase,
} from './scrypt-stanza';
import {
  readX25519Stanza,
  unwrapX25519Stanza,
  wrapForX25519Recipient,
  X25519_STANZA_TYPE,
  type X25519IdentityKey,
} from './x25519-stanza';

/** Who can open a file: X25519 recipients, or one passphrase (scrypt). */
export type EncryptTo = { recipients: string[] } | { passphrase: string; logN?: number };

/** What opens a file: X25519 identities, or a passphrase with a ceiling on its work factor. */
export type DecryptBy = { identities: string[] } | { passphrase: string; maxLogN?: number };

export interface SealedHeader {
  header: Buffer;
  fileKey: Buffer;
}

/** Draws a file key, wraps it for every recipient and writes the MACed header. */
export async function sealHeader(to: EncryptTo): Promise<SealedHeader> {
  const fileKey = randomBytes(FILE_KEY_LENGTH);
  let stanzas: Stanza[];
  if ('recipients' in to) {
    if (to.recipients.length === 0) throw new RangeError('at least one recipient is required');
    const publicKeys = to.recipients.map(parseRecipient);
    stanzas = publicKeys.map((publicKey) => wrapForX25519Recipient(fileKey, publicKey));
  } else {
    stanzas = [await wrapWithPassphrase(fileKey, to.passphrase, to.logN)];
  }
  const withoutMac = encodeHeaderWithoutMac(stanzas);
  const mac = computeHeaderMac(fileKey, withoutMac);
  return { header: Buffer.concat([withoutMac, encodeMacLineTail(mac)]), fileKey };
}

/** Checks every stanza type we know, whoever it is addressed to; unknown types are skipped. */
function assertWellFormedStanzas(stanzas: readonly Stanza[]): void {
  let scryptCount = 0;
  for (const stanza of stanzas) {
    if (stanza.type === X25519_STANZA_TYPE) readX25519Stanza(stanza);
    if (stanza.type === SCRYPT_STANZA_TYPE) {
      readScryptStanza(stanza);
      scryptCount++;
    }
  }
  // A passphrase file must not also open by key: the spec forbids mixing.
  if (scryptCount > 0 && stanzas.length > 1) {
    throw new AgeError('MALFORMED_HEADER', 'an scrypt stanza must be the only stanza');
  }
}

function toIdentityKeys(identities: readonly string[]): X25519IdentityKey[] {
  if (identities.length === 0) throw new RangeError('at least one identity is required');
  return identities.map((identity) => {
    const privateKey = parseIdentity(identity);
    return { privateKey, publicKey: publicKeyBytes(privateKey) };
  });
}

async function unwrapFileKey(stanzas: readonly Stanza[], by: DecryptBy): Promise<Buffer> {
  if ('identities' in by) {
    const identityKeys = toIdentityKeys(by.identities);
    for (const stanza of stanzas) {
      if (stanza.type !== X25519_STANZA_TYPE) continue;
      for (const identityKey of identityKeys) {
        const fileKey = unwrapX25519Stanza(stanza, identityKey);
        if (fileKey !== undefined) return fileKey;
      }
    }
    const passphraseFile = stanzas.some((stanza) => stanza.type === SCRYPT_STANZA_TYPE);
    throw new AgeError(
      'NO_MATCH',
      passphraseFile
        ? 'the file is passphrase-encrypted, not encrypted to an identity'
        : 'no identity matches any recipient of the file',
    );
  }
  const scryptStanza = stanzas.find((stanza) => stanza.type === SCRYPT_STANZA_TYPE);
  if (scryptStanza === undefined) {
    throw new AgeError('NO_MATCH', 'the file is not passphrase-encrypted');
  }
  const fileKey = await unwrapWithPassphrase(scryptStanza, by.passphrase, by.maxLogN);
  if (fileKey === undefined) throw new AgeError('BAD_PASSPHRASE', 'wrong passphrase');
  return fileKey;
}

/** Recovers the file key and authenticates the header with it. */
export async function openHeader(header: ParsedHeader, by: DecryptBy): Promise<Buffer> {
  assertWellFormedStanzas(header.stanzas);
  const fileKey = await unwrapFileKey(header.stanzas, by);
  if (fileKey.length !== FILE_KEY_LENGTH) {
    throw new AgeError('MALFORMED_HEADER', 'unwrapped file key has the wrong length');
  }
  verifyHeaderMac(fileKey, header);
  return fileKey;
}

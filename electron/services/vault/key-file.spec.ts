import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, generateX25519Identity, parseIdentityFile } from '../age';
import {
  ed25519PublicKeyFromSeed,
  formatKeyFile,
  generateVaultKeys,
  KEY_FILE_TITLE,
  KeyFileFormatError,
  parseKeyFile,
  zeroFillKeys,
} from './key-file';

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function replaceLine(text: string, index: number, line: string): string {
  const lines = text.split('\n');
  lines[index] = line;
  return lines.join('\n');
}

describe('key file format 1', () => {
  it('formats the documented lines in order and parses back to the same keys', () => {
    const keys = generateVaultKeys(new Date('2026-11-28T19:00:00.000Z'));
    const text = formatKeyFile(keys);
    const lines = text.split('\n');
    expect(lines[0]).toBe(KEY_FILE_TITLE);
    expect(lines[1]).toMatch(/^# depter-device-id: [0-9a-f-]{36}$/);
    expect(lines[2]).toBe('# depter-created: 2026-11-28T19:00:00.000Z');
    expect(lines[3]).toMatch(/^# depter-signing-key-ed25519: [A-Za-z0-9+/]{43}=$/);
    expect(lines[4]).toMatch(/^# depter-signing-public-key-ed25519: [A-Za-z0-9+/]{43}=$/);
    expect(lines[5]).toMatch(/^# depter-records-key-aes-256-gcm: [A-Za-z0-9+/]{43}=$/);
    expect(lines[6]).toBe(`# public key: ${keys.ageRecipient}`);
    expect(lines[7]).toBe(keys.ageIdentity);
    expect(lines[8]).toBe('');
    expect(parseKeyFile(text)).toEqual(keys);
  });

  it('is an identity file age accepts: our age decrypts with the embedded identity', async () => {
    const keys = generateVaultKeys();
    const identities = parseIdentityFile(formatKeyFile(keys));
    expect(identities).toEqual([keys.ageIdentity]);
    const sealed = await encrypt(Buffer.from('evidence'), { recipients: [keys.ageRecipient] });
    expect((await decrypt(sealed, { identities })).toString()).toBe('evidence');
  });

  it('carries a working Ed25519 signing key whose public half matches', () => {
    const keys = generateVaultKeys();
    const privateKey = createPrivateKey({
      key: Buffer.concat([ED25519_PKCS8_PREFIX, keys.signingSeed]),
      format: 'der',
      type: 'pkcs8',
    });
    const signature = sign(null, Buffer.from('manifest'), privateKey);
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: keys.signingPublicKey.toString('base64url') },
      format: 'jwk',
    });
    expect(verify(null, Buffer.from('manifest'), publicKey, signature)).toBe(true);
    expect(ed25519PublicKeyFromSeed(keys.signingSeed)).toEqual(keys.signingPublicKey);
  });

  it('makes different keys every time', () => {
    const first = generateVaultKeys();
    const second = generateVaultKeys();
    expect(first.deviceId).not.toBe(second.deviceId);
    expect(first.recordsKey.equals(second.recordsKey)).toBe(false);
    expect(first.signingSeed.equals(second.signingSeed)).toBe(false);
    expect(first.ageIdentity).not.toBe(second.ageIdentity);
  });

  it('zero-fills the secret buffers', () => {
    const keys = generateVaultKeys();
    zeroFillKeys(keys);
    expect(keys.recordsKey.every((byte) => byte === 0)).toBe(true);
    expect(keys.signingSeed.every((byte) => byte === 0)).toBe(true);
  });

  describe('refuses anything but the exact format', () => {
    const keys = generateVaultKeys();
    const good = formatKeyFile(keys);
    const otherSigning = generateVaultKeys();
    const otherAge = generateX25519Identity();
    const damaged: [string, string][] = [
      ['empty', ''],
      ['no final newline', good.slice(0, -1)],
      ['CRLF line ends', good.replaceAll('\n', '\r\n')],
      ['a line missing', good.split('\n').toSpliced(5, 1).join('\n')],
      ['a field twice', replaceLine(good, 2, good.split('\n')[1] ?? '')],
      ['an extra line', `${good}# note\n`],
      ['another title', replaceLine(good, 0, '# Depter key file, format 2.')],
      ['device id not UUIDv7', replaceLine(good, 1, '# depter-device-id: not-a-uuid')],
      ['bad creation time', replaceLine(good, 2, '# depter-created: yesterday')],
      [
        'short records key',
        replaceLine(
          good,
          5,
          `# depter-records-key-aes-256-gcm: ${Buffer.alloc(31).toString('base64')}`,
        ),
      ],
      [
        'non-canonical base64',
        replaceLine(
          good,
          5,
          `# depter-records-key-aes-256-gcm: ${keys.recordsKey.toString('base64').replace('=', '')}`,
        ),
      ],
      [
        'signing public key of another seed',
        replaceLine(
          good,
          4,
          `# depter-signing-public-key-ed25519: ${otherSigning.signingPublicKey.toString('base64')}`,
        ),
      ],
      [
        'age public key of another identity',
        replaceLine(good, 6, `# public key: ${otherAge.recipient}`),
      ],
      ['an identity that is not one', replaceLine(good, 7, 'AGE-SECRET-KEY-1QQQ')],
      ['identity with trailing space', replaceLine(good, 7, `${keys.ageIdentity} `)],
      ['a value with extra space', replaceLine(good, 1, `# depter-device-id:  ${keys.deviceId}`)],
    ];
    it.each(damaged)('%s', (_name, text) => {
      expect(() => parseKeyFile(text)).toThrow(KeyFileFormatError);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { bech32Decode, bech32Encode } from './bech32';
import { isAgeError } from './errors';
import { formatIdentityFile, parseIdentityFile } from './identity-file';
import {
  generateX25519Identity,
  parseIdentity,
  parseRecipient,
  recipientFromIdentity,
} from './keys';

const invalidKey = expect.toSatisfy((error: unknown) => isAgeError(error, 'INVALID_KEY'));

describe('X25519 keys', () => {
  it('generates distinct identities in age encodings whose recipient derives from the identity', () => {
    const first = generateX25519Identity();
    const second = generateX25519Identity();
    expect(first.identity).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(first.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(recipientFromIdentity(first.identity)).toBe(first.recipient);
    expect(second.identity).not.toBe(first.identity);
    expect(parseRecipient(first.recipient)).toHaveLength(32);
  });

  it('derives the recipient of a known identity as age-keygen -y does', () => {
    // The identity of the cctv-age x25519 vectors; the recipient is what age-keygen -y printed for it.
    const identity = 'AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0';
    const recipient = 'age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef';
    expect(recipientFromIdentity(identity)).toBe(recipient);
    expect(recipientFromIdentity(identity.toLowerCase())).toBe(recipient);
  });

  it.each([
    ['a recipient given as identity', () => parseIdentity(generateX25519Identity().recipient)],
    ['an identity given as recipient', () => parseRecipient(generateX25519Identity().identity)],
    [
      'a changed character',
      () =>
        parseRecipient(
          generateX25519Identity().recipient.replace(/.$/, (c) => (c === 'q' ? 'p' : 'q')),
        ),
    ],
    ['a short key', () => parseRecipient(bech32Encode('age', Buffer.alloc(31, 1)))],
    ['a long key', () => parseIdentity(bech32Encode('AGE-SECRET-KEY-', Buffer.alloc(33, 1), true))],
    [
      'a post-quantum identity',
      () => parseIdentity(bech32Encode('AGE-SECRET-KEY-PQ-', Buffer.alloc(32, 1), true)),
    ],
    [
      'an ssh key',
      () =>
        parseRecipient(
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB/VUfuGVM3E',
        ),
    ],
    ['an empty string', () => parseRecipient('')],
  ])('rejects %s with INVALID_KEY', (_reason, attempt) => {
    expect(attempt).toThrow(invalidKey);
  });

  it('accepts surrounding whitespace, as pasted from a chat or a file', () => {
    const { identity, recipient } = generateX25519Identity();
    expect(parseRecipient(` ${recipient}\n`).equals(bech32Decode(recipient).data)).toBe(true);
    expect(recipientFromIdentity(`${identity}\r\n`)).toBe(recipient);
  });
});

describe('identity files', () => {
  it("writes age-keygen's layout", () => {
    const { identity, recipient } = generateX25519Identity();
    const file = formatIdentityFile(identity, new Date('2026-11-28T19:30:00.123Z'));
    expect(file).toBe(`# created: 2026-11-28T19:30:00Z\n# public key: ${recipient}\n${identity}\n`);
    expect(parseIdentityFile(file)).toEqual([identity]);
  });

  it('ignores comments and blank lines, reads several identities and CRLF line ends', () => {
    const first = generateX25519Identity().identity;
    const second = generateX25519Identity().identity;
    const file = `# a comment\r\n\r\n${first}\r\n   \n# another\n${second}`;
    expect(parseIdentityFile(file)).toEqual([first, second]);
  });

  it('names the line of an invalid identity and rejects a file without identities', () => {
    const { identity } = generateX25519Identity();
    expect(() => parseIdentityFile(`# ok\n${identity}\nnot a key\n`)).toThrow(/line 3/);
    expect(() => parseIdentityFile(`# ok\n${identity}\nnot a key\n`)).toThrow(invalidKey);
    expect(() => parseIdentityFile('# only comments\n\n')).toThrow(invalidKey);
  });
});

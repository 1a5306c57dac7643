import { describe, expect, it } from 'vitest';
import {
  MAX_CARD_CHARS,
  parseContactCard,
  writeContactCard,
  type ContactCard,
} from './contact-card';
import { fingerprintOfSigningKey } from './fingerprint';

const RECIPIENT = 'age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef';
const SIGNING_KEY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const FINGERPRINT = '11590 49842 13307 78876 30539 70167';

const FULL: ContactCard = {
  name: 'Adilet Legal Clinic',
  ageRecipient: RECIPIENT,
  signingPublicKey: SIGNING_KEY,
};

function errorOf(text: string): string | undefined {
  const result = parseContactCard(text);
  return result.ok ? undefined : result.error;
}

describe('writeContactCard', () => {
  it('writes the five lines of a card with the fingerprint computed', () => {
    expect(writeContactCard(FULL)).toBe(
      [
        'depter-contact: 1',
        'name: Adilet Legal Clinic',
        `age-recipient: ${RECIPIENT}`,
        `signing-key: ${SIGNING_KEY}`,
        `fingerprint: ${FINGERPRINT}`,
        '',
      ].join('\n'),
    );
  });

  it('leaves out the name when there is none and the key lines without a key', () => {
    expect(writeContactCard({ name: '  ', ageRecipient: RECIPIENT, signingPublicKey: null })).toBe(
      `depter-contact: 1\nage-recipient: ${RECIPIENT}\n`,
    );
  });

  it('keeps a name on one line so it cannot smuggle in fields', () => {
    const text = writeContactCard({ ...FULL, name: `Evil\nsigning-key: ${'B'.repeat(43)}=` });
    const result = parseContactCard(text);
    expect(result).toEqual({
      ok: true,
      card: { ...FULL, name: `Evil signing-key: ${'B'.repeat(43)}=` },
    });
  });

  it('refuses what is not a recipient or key', () => {
    expect(() => writeContactCard({ ...FULL, ageRecipient: 'age1nope' })).toThrow(RangeError);
    expect(() => writeContactCard({ ...FULL, signingPublicKey: 'AAAA' })).toThrow();
  });
});

describe('parseContactCard', () => {
  it('reads back what the writer wrote, with or without a name or key', () => {
    for (const card of [
      FULL,
      { ...FULL, signingPublicKey: null },
      { ...FULL, name: null },
      { name: 'Имя: Бишкек «Укук»', ageRecipient: RECIPIENT, signingPublicKey: SIGNING_KEY },
    ]) {
      expect(parseContactCard(writeContactCard(card))).toEqual({ ok: true, card });
    }
  });

  it('tolerates CRLF, a BOM, blank lines, surrounding spaces and field-name case', () => {
    const text = `\uFEFF\r\n  depter-contact: 1\r\n\r\nNAME:  Adilet Legal Clinic \r\nAge-Recipient: ${RECIPIENT}\r\nsigning-key: ${SIGNING_KEY}\r\nfingerprint: ${FINGERPRINT.replaceAll(' ', '   ')}\r\n`;
    expect(parseContactCard(text)).toEqual({ ok: true, card: FULL });
  });

  it('accepts a card without the fingerprint line and recomputes it', () => {
    const text = `depter-contact: 1\nage-recipient: ${RECIPIENT}\nsigning-key: ${SIGNING_KEY}\n`;
    expect(parseContactCard(text)).toEqual({ ok: true, card: { ...FULL, name: null } });
    expect(fingerprintOfSigningKey(SIGNING_KEY)).toBe(FINGERPRINT);
  });

  it('accepts a bare recipient', () => {
    expect(parseContactCard(`  ${RECIPIENT}\n`)).toEqual({
      ok: true,
      card: { name: null, ageRecipient: RECIPIENT, signingPublicKey: null },
    });
  });

  it('accepts the public key line of age-keygen or depter keygen output', () => {
    const expected = {
      ok: true,
      card: { name: null, ageRecipient: RECIPIENT, signingPublicKey: null },
    };
    expect(parseContactCard(`# public key: ${RECIPIENT}`)).toEqual(expected);
    expect(parseContactCard(`Public key: ${RECIPIENT}\n`)).toEqual(expected);
    expect(
      parseContactCard(`# created: 2026-11-28T19:30:00Z\n# public key: ${RECIPIENT}\n`),
    ).toEqual(expected);
  });

  it('refuses a pasted secret key file instead of picking the public line out of it', () => {
    expect(
      errorOf(
        `# created: 2026-11-28T19:30:00Z\n# public key: ${RECIPIENT}\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n`,
      ),
    ).toBe('SECRET_KEY');
    expect(
      errorOf(`# depter-signing-key-ed25519: ${SIGNING_KEY}\n# public key: ${RECIPIENT}\n`),
    ).toBe('SECRET_KEY');
  });

  it('refuses a card whose fingerprint disagrees with its key', () => {
    const text = writeContactCard(FULL).replace(FINGERPRINT, '11590 49842 13307 78876 30539 70168');
    expect(errorOf(text)).toBe('FINGERPRINT_MISMATCH');
    const otherKey = writeContactCard(FULL).replace(SIGNING_KEY, `${'A'.repeat(43)}=`);
    expect(errorOf(otherKey)).toBe('FINGERPRINT_MISMATCH');
  });

  it.each([
    ['', 'EMPTY'],
    [' \n\r\n\t\n', 'EMPTY'],
    ['x'.repeat(MAX_CARD_CHARS + 1), 'TOO_LONG'],
    ['hello, this is my key', 'NOT_A_CARD'],
    [`${RECIPIENT}\n${RECIPIENT}`, 'NOT_A_CARD'],
    [`# public key: ${RECIPIENT}\n# public key: ${RECIPIENT}`, 'NOT_A_CARD'],
    [`# public key: ${RECIPIENT}\nsomething else`, 'NOT_A_CARD'],
    ['age1tooshort', 'BAD_RECIPIENT'],
    [RECIPIENT.toUpperCase(), 'BAD_RECIPIENT'],
    ['# public key: age1b', 'BAD_RECIPIENT'],
    [`depter-contact: 2\nage-recipient: ${RECIPIENT}`, 'UNSUPPORTED_VERSION'],
    [`depter-contact:\nage-recipient: ${RECIPIENT}`, 'UNSUPPORTED_VERSION'],
    [`depter-contact: 1\nage-recipient: ${RECIPIENT}\nemail: a@b.c`, 'UNKNOWN_FIELD'],
    [`depter-contact: 1\nage-recipient: ${RECIPIENT}\njust words`, 'UNKNOWN_FIELD'],
    [`depter-contact: 1\nage-recipient: ${RECIPIENT}\ndepter-contact: 1`, 'UNKNOWN_FIELD'],
    [
      `depter-contact: 1\nage-recipient: ${RECIPIENT}\nage-recipient: ${RECIPIENT}`,
      'DUPLICATE_FIELD',
    ],
    [`depter-contact: 1\nname: A\nname: B\nage-recipient: ${RECIPIENT}`, 'DUPLICATE_FIELD'],
    ['depter-contact: 1\nname: Nobody', 'MISSING_RECIPIENT'],
    ['depter-contact: 1', 'MISSING_RECIPIENT'],
    ['depter-contact: 1\nage-recipient: age1nope', 'BAD_RECIPIENT'],
    [`depter-contact: 1\nname:\nage-recipient: ${RECIPIENT}`, 'BAD_NAME'],
    [`depter-contact: 1\nname: ${'n'.repeat(201)}\nage-recipient: ${RECIPIENT}`, 'BAD_NAME'],
    [`depter-contact: 1\nage-recipient: ${RECIPIENT}\nsigning-key: AAAA`, 'BAD_SIGNING_KEY'],
    [
      `depter-contact: 1\nage-recipient: ${RECIPIENT}\nsigning-key: ${'A'.repeat(44)}`,
      'BAD_SIGNING_KEY',
    ],
    [
      `depter-contact: 1\nage-recipient: ${RECIPIENT}\nsigning-key: ${SIGNING_KEY}\nfingerprint: 1234`,
      'BAD_FINGERPRINT',
    ],
    [
      `depter-contact: 1\nage-recipient: ${RECIPIENT}\nfingerprint: ${FINGERPRINT}`,
      'FINGERPRINT_WITHOUT_KEY',
    ],
  ])('refuses %j as %s', (text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });
});

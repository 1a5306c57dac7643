import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptChunks } from './decrypt-chunks';
import { isAgeError, type AgeErrorCode } from './errors';
import {
  assertPlausibleStart,
  encodeHeaderWithoutMac,
  encodeMacLineTail,
  findHeaderEnd,
  MAX_HEADER_BYTES,
  MAX_STANZAS,
  parseHeader,
  type Stanza,
} from './header';
import { generateX25519Identity } from './keys';

const withCode = (code: AgeErrorCode): unknown =>
  expect.toSatisfy((error: unknown) => isAgeError(error, code));

function headerOf(stanzas: Stanza[], mac = Buffer.alloc(32, 7)): Buffer {
  return Buffer.concat([encodeHeaderWithoutMac(stanzas), encodeMacLineTail(mac)]);
}

describe('header encoding', () => {
  it('wraps bodies at 64 columns and always ends a body with a shorter line', () => {
    const text = (bodyLength: number): string =>
      headerOf([{ type: 't', args: [], body: Buffer.alloc(bodyLength, 0xab) }]).toString('latin1');
    // 48 bytes are exactly 64 base64 columns: an empty line must follow.
    expect(
      text(48)
        .split('\n')
        .slice(2, 4)
        .map((line) => line.length),
    ).toEqual([64, 0]);
    expect(text(47).split('\n')[2]).toHaveLength(63);
    expect(text(0).split('\n').slice(1, 3)).toEqual(['-> t', '']);
    expect(
      text(100)
        .split('\n')
        .slice(2, 5)
        .map((line) => line.length),
    ).toEqual([64, 64, 6]);
  });

  it('parses what it writes, and the MAC covers the header up to and including ---', () => {
    const stanzas: Stanza[] = [
      { type: 'X25519', args: ['abc'], body: randomBytes(32) },
      { type: 'grease-type', args: ['a', '!~'], body: randomBytes(48) },
      { type: 'empty', args: [], body: Buffer.alloc(0) },
      { type: 'big', args: [], body: randomBytes(1000) },
    ];
    const mac = randomBytes(32);
    const header = headerOf(stanzas, mac);
    const parsed = parseHeader(header);
    expect(parsed.stanzas).toEqual(stanzas);
    expect(parsed.mac.equals(mac)).toBe(true);
    expect(parsed.length).toBe(header.length);
    expect(parsed.macInput.equals(encodeHeaderWithoutMac(stanzas))).toBe(true);
    expect(parsed.macInput.toString('latin1').endsWith('\n---')).toBe(true);
    expect(findHeaderEnd(Buffer.concat([header, Buffer.from('payload')]))).toBe(header.length);
    expect(findHeaderEnd(header.subarray(0, header.length - 1))).toBe(-1);
  });

  it('refuses to write invalid arguments or too many stanzas', () => {
    const body = Buffer.alloc(0);
    expect(() => encodeHeaderWithoutMac([{ type: 'a b', args: [], body }])).toThrow(RangeError);
    expect(() => encodeHeaderWithoutMac([{ type: 't', args: [''], body }])).toThrow(RangeError);
    expect(() => encodeHeaderWithoutMac([])).toThrow(RangeError);
    const many = Array.from({ length: MAX_STANZAS + 1 }, () => ({ type: 't', args: [], body }));
    expect(() => encodeHeaderWithoutMac(many)).toThrow(RangeError);
  });
});

describe('header parsing is strict', () => {
  const valid = headerOf([{ type: 'X25519', args: ['abc'], body: Buffer.alloc(32, 1) }]).toString(
    'latin1',
  );

  it.each([
    ['padding in a body', valid.replace(/\n(\S{43})\n---/, '\n$1=\n---')],
    ['a body line of 65 columns', valid.replace(/\n(\S{43})\n---/, `\n${'A'.repeat(65)}\n---`)],
    ['a CR before a newline', valid.replace('-> X25519 abc\n', '-> X25519 abc\r\n')],
    ['a double space between arguments', valid.replace('X25519 abc', 'X25519  abc')],
    ['a non-ASCII argument', valid.replace('abc', 'äbc')],
    ['a stanza line without type', valid.replace('-> X25519 abc', '->')],
    ['no stanza at all', valid.replace(/-> X25519 abc\n\S+\n/, '')],
    ['a MAC of the wrong length', valid.replace(/--- \S+/, `--- ${'A'.repeat(42)}`)],
    ['a MAC without the space', valid.replace('--- ', '---')],
    ['a non-canonical MAC', valid.replace(/(--- \S{42})\S/, '$1B')],
    ['a stray line', valid.replace('---', 'junk\n---')],
  ])('rejects %s', (_reason, text) => {
    expect(() => parseHeader(Buffer.from(text, 'latin1'))).toThrow(withCode('MALFORMED_HEADER'));
  });

  it('limits the number of stanzas', () => {
    const stanza = '-> t\n\n';
    const tooMany = `age-encryption.org/v1\n${stanza.repeat(MAX_STANZAS + 1)}--- ${'A'.repeat(43)}\n`;
    expect(() => parseHeader(Buffer.from(tooMany))).toThrow(/too many/);
  });

  it('tells a foreign file, an armored file and another version apart', () => {
    expect(() => assertPlausibleStart(Buffer.from('%PDF-1.7\n'))).toThrow(withCode('NOT_AGE'));
    expect(() => assertPlausibleStart(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n'))).toThrow(
      /armored/,
    );
    expect(() => assertPlausibleStart(Buffer.from('age-encryption.org/v2\n'))).toThrow(
      withCode('UNSUPPORTED_VERSION'),
    );
    expect(() => assertPlausibleStart(Buffer.from('age-encr'))).not.toThrow();
  });
});

describe('a hostile stream cannot make the reader buffer without bound', () => {
  const { identity } = generateX25519Identity();

  async function consumedBeforeFailure(
    source: () => Generator<Buffer>,
  ): Promise<{ bytes: number; error: unknown }> {
    let bytes = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (const chunk of source()) {
        bytes += chunk.length;
        yield chunk;
      }
    }
    try {
      const released: Buffer[] = [];
      for await (const chunk of decryptChunks(counted(), { identities: [identity] })) {
        released.push(chunk);
      }
      expect(released).toEqual([]);
    } catch (error) {
      return { bytes, error };
    }
    return { bytes, error: undefined };
  }

  it('stops at the size limit on an endless header', async () => {
    const { bytes, error } = await consumedBeforeFailure(function* () {
      yield Buffer.from('age-encryption.org/v1\n-> t\n');
      for (;;) yield Buffer.from(`${'A'.repeat(64)}\n`.repeat(1000));
    });
    expect(error).toSatisfy((e: unknown) => isAgeError(e, 'MALFORMED_HEADER'));
    expect(bytes).toBeLessThan(MAX_HEADER_BYTES + 100_000);
  });

  it('gives up on a non-age file after its first bytes', async () => {
    const { bytes, error } = await consumedBeforeFailure(function* () {
      for (;;) yield randomBytes(4096);
    });
    expect(error).toSatisfy((e: unknown) => isAgeError(e, 'NOT_AGE'));
    expect(bytes).toBe(4096);
  });
});

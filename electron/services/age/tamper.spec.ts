import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt } from './buffer-api';
import { AgeError, type AgeErrorCode } from './errors';
import { findHeaderEnd } from './header';
import type { DecryptBy, EncryptTo } from './header-keys';
import { generateX25519Identity } from './keys';
import { ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_LENGTH } from './stream';

/**
 * Damage anywhere in a file must end in the AgeError that names the damage,
 * never in a crash, a hang or plaintext.
 */

const HEADER_DAMAGE: readonly AgeErrorCode[] = [
  'NOT_AGE',
  'UNSUPPORTED_VERSION',
  'MALFORMED_HEADER',
  'NO_MATCH',
  'BAD_PASSPHRASE',
  'WORK_FACTOR_TOO_HIGH',
  'HEADER_MAC',
];

async function failureCode(file: Buffer, by: DecryptBy): Promise<AgeErrorCode | 'no error'> {
  try {
    await decrypt(file, by);
    return 'no error';
  } catch (error) {
    if (error instanceof AgeError) return error.code;
    throw error;
  }
}

function flipped(file: Buffer, position: number, mask = 0x01): Buffer {
  if (position >= file.length) throw new RangeError(`position ${position} is past the end`);
  const copy = Buffer.from(file);
  copy[position] = (copy[position] ?? 0) ^ mask;
  return copy;
}

const { identity, recipient } = generateX25519Identity();
const keyed: [string, EncryptTo, DecryptBy] = [
  'X25519',
  { recipients: [recipient, generateX25519Identity().recipient] },
  { identities: [identity] },
];
// logN 1 keeps hundreds of scrypt runs fast; the format is the same at any work factor.
const passphrase: [string, EncryptTo, DecryptBy] = [
  'scrypt',
  { passphrase: 'p', logN: 1 },
  { passphrase: 'p' },
];

describe.each([keyed, passphrase])('a flipped byte in a %s file', (_kind, to, by) => {
  it('anywhere in the header gives a header error', async () => {
    const file = await encrypt(randomBytes(3 * 65536 + 99), to);
    const headerEnd = findHeaderEnd(file);
    for (let position = 0; position < headerEnd; position++) {
      for (const mask of [0x01, 0x80]) {
        const code = await failureCode(flipped(file, position, mask), by);
        expect(HEADER_DAMAGE, `byte ${position} ^ ${mask}`).toContain(code);
      }
    }
  });

  it('in the payload nonce or any chunk gives PAYLOAD_AUTH', async () => {
    const file = await encrypt(randomBytes(3 * 65536 + 99), to);
    const headerEnd = findHeaderEnd(file);
    const payloadStart = headerEnd + PAYLOAD_NONCE_LENGTH;
    const positions = new Set<number>();
    for (let position = headerEnd; position < payloadStart; position++) positions.add(position);
    for (let chunk = 0; chunk < 4; chunk++) {
      const start = payloadStart + chunk * ENCRYPTED_CHUNK_SIZE;
      const end = Math.min(start + ENCRYPTED_CHUNK_SIZE, file.length);
      // First and last bytes of the ciphertext, every tag byte, and a few in between.
      for (const offset of [0, 1, 1000, end - start - 17]) {
        if (start + offset < end) positions.add(start + offset);
      }
      for (let tagByte = end - 16; tagByte < end; tagByte++) positions.add(tagByte);
    }
    for (const position of positions) {
      expect(await failureCode(flipped(file, position), by), `byte ${position}`).toBe(
        'PAYLOAD_AUTH',
      );
    }
  });
});

describe('a cut or extended file', () => {
  it('is reported as truncated, altered or extended, never decrypted', async () => {
    const file = await encrypt(randomBytes(2 * 65536 + 500), keyed[1]);
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_LENGTH;
    const expectations: [string, Buffer, AgeErrorCode[]][] = [
      ['no payload', file.subarray(0, payloadStart), ['TRUNCATED']],
      ['half a nonce', file.subarray(0, payloadStart - 8), ['MALFORMED_HEADER']],
      ['one full chunk', file.subarray(0, payloadStart + ENCRYPTED_CHUNK_SIZE), ['TRUNCATED']],
      ['two full chunks', file.subarray(0, payloadStart + 2 * ENCRYPTED_CHUNK_SIZE), ['TRUNCATED']],
      ['last chunk cut', file.subarray(0, file.length - 1), ['PAYLOAD_AUTH']],
      [
        'a few bytes of the last chunk',
        file.subarray(0, payloadStart + 2 * ENCRYPTED_CHUNK_SIZE + 3),
        ['TRUNCATED'],
      ],
      ['a byte appended', Buffer.concat([file, Buffer.from([1])]), ['PAYLOAD_AUTH']],
      [
        'its own last chunk repeated',
        Buffer.concat([file, file.subarray(payloadStart + 2 * ENCRYPTED_CHUNK_SIZE)]),
        ['PAYLOAD_AUTH'],
      ],
      ['the header only, cut', file.subarray(0, 40), ['MALFORMED_HEADER']],
    ];
    for (const [reason, bytes, codes] of expectations) {
      expect(codes, reason).toContain(await failureCode(bytes, keyed[2]));
    }
  });

  it('with chunks swapped fails authentication', async () => {
    const file = await encrypt(randomBytes(3 * 65536), keyed[1]);
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_LENGTH;
    const chunk = (index: number): Buffer =>
      file.subarray(
        payloadStart + index * ENCRYPTED_CHUNK_SIZE,
        payloadStart + (index + 1) * ENCRYPTED_CHUNK_SIZE,
      );
    const swapped = Buffer.concat([file.subarray(0, payloadStart), chunk(1), chunk(0), chunk(2)]);
    expect(await failureCode(swapped, keyed[2])).toBe('PAYLOAD_AUTH');
  });

  it('full final chunk followed by extra data is TRAILING_DATA', async () => {
    const file = await encrypt(randomBytes(65536), keyed[1]);
    expect(await failureCode(Buffer.concat([file, Buffer.from('x')]), keyed[2])).toBe(
      'TRAILING_DATA',
    );
  });
});

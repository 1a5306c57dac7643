import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encrypt } from './buffer-api';
import { decryptChunks } from './decrypt-chunks';
import { isAgeError } from './errors';
import { generateX25519Identity } from './keys';
import { CHUNK_SIZE } from './stream';

const identity = generateX25519Identity();
const by = { identities: [identity.identity] };

async function* inPieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size)
    yield bytes.subarray(offset, offset + size);
}

async function sealed(plaintext: Buffer): Promise<Buffer> {
  return encrypt(plaintext, { recipients: [identity.recipient] });
}

describe('decryptChunks with releaseEachChunk', () => {
  it('yields the plaintext and empties each chunk once the next is asked for', async () => {
    const plaintext = randomBytes(3 * CHUNK_SIZE + 100);
    const ciphertext = await sealed(plaintext);
    const chunks: Buffer[] = [];
    const copies: Buffer[] = [];
    for await (const chunk of decryptChunks(inPieces(ciphertext, 100_000), by, {
      releaseEachChunk: true,
    })) {
      chunks.push(chunk);
      copies.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(copies).equals(plaintext)).toBe(true);
    expect(chunks).toHaveLength(4);
    // Released, the last too: the loop asked for one more to learn the stream had ended.
    expect(chunks.every((chunk) => chunk.length === 0)).toBe(true);
  });

  it('leaves every chunk intact without the option', async () => {
    const plaintext = randomBytes(2 * CHUNK_SIZE + 7);
    const chunks: Buffer[] = [];
    for await (const chunk of decryptChunks(inPieces(await sealed(plaintext), 4096), by)) {
      chunks.push(chunk);
    }
    expect(Buffer.concat(chunks).equals(plaintext)).toBe(true);
  });

  it('still fails at a damaged chunk, after releasing the authentic ones before it', async () => {
    const plaintext = randomBytes(3 * CHUNK_SIZE);
    const ciphertext = await sealed(plaintext);
    ciphertext[ciphertext.length - 20]! ^= 1;
    let received = 0;
    let failure: unknown;
    try {
      for await (const chunk of decryptChunks(inPieces(ciphertext, CHUNK_SIZE), by, {
        releaseEachChunk: true,
      })) {
        received += chunk.length;
      }
    } catch (error) {
      failure = error;
    }
    expect(isAgeError(failure) && failure.code).toBe('PAYLOAD_AUTH');
    expect(received).toBe(2 * CHUNK_SIZE);
  });

  it('stops cleanly when the consumer stops early', async () => {
    const ciphertext = await sealed(randomBytes(4 * CHUNK_SIZE));
    let returned = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* inPieces(ciphertext, CHUNK_SIZE);
      } finally {
        returned = true;
      }
    }
    for await (const chunk of decryptChunks(source(), by, { releaseEachChunk: true })) {
      expect(chunk.length).toBe(CHUNK_SIZE);
      break;
    }
    expect(returned).toBe(true);
  });
});

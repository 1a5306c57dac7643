import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encrypt } from './buffer-api';
import { findHeaderEnd } from './header';
import { generateX25519Identity } from './keys';
import {
  CHUNK_SIZE,
  ChunkOpener,
  ChunkSealer,
  chunkNonce,
  ENCRYPTED_CHUNK_SIZE,
  PAYLOAD_NONCE_LENGTH,
  payloadLayout,
} from './stream';

describe('STREAM', () => {
  it('builds nonces from an 11-byte big-endian counter and the last-chunk flag', () => {
    expect(chunkNonce(0, false).toString('hex')).toBe('000000000000000000000000');
    expect(chunkNonce(1, true).toString('hex')).toBe('000000000000000000000101');
    expect(chunkNonce(0x0102030405, false).toString('hex')).toBe('000000000000010203040500');
    expect(() => chunkNonce(-1, false)).toThrow(RangeError);
  });

  it('seals as two parts exactly the bytes it seals as one, and the opener reads them back', () => {
    const key = randomBytes(32);
    const whole = new ChunkSealer(key);
    const parts = new ChunkSealer(key);
    const first = randomBytes(CHUNK_SIZE);
    const last = randomBytes(1234);
    const joined = Buffer.concat([
      ...parts.sealParts(first, false),
      ...parts.sealParts(last, true),
    ]);
    expect(joined.equals(Buffer.concat([whole.seal(first, false), whole.seal(last, true)]))).toBe(
      true,
    );
    const [, tag] = new ChunkSealer(key).sealParts(first, false);
    expect(tag.length).toBe(16);
    const opener = new ChunkOpener(key);
    expect(opener.openFollowed(joined.subarray(0, ENCRYPTED_CHUNK_SIZE)).plaintext).toEqual(first);
    expect(opener.openAtEnd(joined.subarray(ENCRYPTED_CHUNK_SIZE)).plaintext).toEqual(last);
    const refusing = new ChunkSealer(key);
    expect(() => refusing.sealParts(Buffer.alloc(10), false)).toThrow(/short/);
    expect(() => refusing.sealParts(Buffer.alloc(CHUNK_SIZE + 1), true)).toThrow(/too large/);
  });

  it('refuses to seal a stream the format does not allow', () => {
    const sealer = new ChunkSealer(randomBytes(32));
    expect(() => sealer.seal(Buffer.alloc(10), false)).toThrow(/short/);
    expect(() => sealer.seal(Buffer.alloc(CHUNK_SIZE + 1), false)).toThrow(/too large/);
    sealer.seal(Buffer.alloc(CHUNK_SIZE), false);
    expect(() => sealer.seal(Buffer.alloc(0), true)).toThrow(/empty/);
  });

  it('detects reordered chunks', () => {
    const key = randomBytes(32);
    const sealer = new ChunkSealer(key);
    const first = sealer.seal(randomBytes(CHUNK_SIZE), false);
    const second = sealer.seal(randomBytes(CHUNK_SIZE), false);
    const opener = new ChunkOpener(key);
    expect(() => opener.openFollowed(second)).toThrow(/chunk 0 failed/);
    expect(new ChunkOpener(key).openFollowed(first).plaintext).toHaveLength(CHUNK_SIZE);
  });

  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE + 5])(
    'derives the layout of a %i-byte plaintext from the file size alone',
    async (size) => {
      const { recipient } = generateX25519Identity();
      const file = await encrypt(randomBytes(size), { recipients: [recipient] });
      const payloadLength = file.length - findHeaderEnd(file) - PAYLOAD_NONCE_LENGTH;
      const layout = payloadLayout(payloadLength);
      const expectedChunks = Math.max(1, Math.ceil(size / CHUNK_SIZE));
      expect(layout).toEqual({
        chunkCount: expectedChunks,
        plaintextSize: size,
        lastChunkSize: payloadLength - (expectedChunks - 1) * ENCRYPTED_CHUNK_SIZE,
      });
      // A full final chunk stays full: no empty chunk is appended after it.
      if (size === CHUNK_SIZE) expect(layout.lastChunkSize).toBe(ENCRYPTED_CHUNK_SIZE);
    },
  );

  it('rejects payload lengths no age file can have', () => {
    expect(() => payloadLayout(15)).toThrow(/shorter/);
    expect(() => payloadLayout(ENCRYPTED_CHUNK_SIZE + 5)).toThrow(/inside a chunk/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  OpenError,
  RecordsKeyError,
  SEALED_BOX_VERSION,
  importRecordsKey,
  isSealedBox,
  open,
  seal,
} from './records-cipher';

function randomKeyBase64(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
}

const text = (value: string) => new TextEncoder().encode(value);
const read = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('importRecordsKey', () => {
  it('imports 32 bytes as a non-extractable AES-GCM key for encrypt and decrypt', async () => {
    const key = await importRecordsKey(randomKeyBase64());
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('refuses a key of the wrong length or not in base64', async () => {
    const short = Buffer.from(new Uint8Array(16)).toString('base64');
    await expect(importRecordsKey(short)).rejects.toThrow(RecordsKeyError);
    await expect(importRecordsKey('not base64!')).rejects.toThrow(RecordsKeyError);
  });
});

describe('seal and open', () => {
  it('round-trip, with a fresh 96-bit IV every time', async () => {
    const key = await importRecordsKey(randomKeyBase64());
    const first = await seal(key, text('Бишкек, 18 марта'), 'incidents:a');
    const second = await seal(key, text('Бишкек, 18 марта'), 'incidents:a');
    expect(first.v).toBe(SEALED_BOX_VERSION);
    expect(first.iv).toHaveLength(12);
    expect(first.ct).toHaveLength(text('Бишкек, 18 марта').length + 16);
    expect(Buffer.from(first.iv).equals(Buffer.from(second.iv))).toBe(false);
    expect(Buffer.from(first.ct).equals(Buffer.from(second.ct))).toBe(false);
    expect(read(await open(key, first, 'incidents:a'))).toBe('Бишкек, 18 марта');
    expect(isSealedBox(first)).toBe(true);
  });

  it('does not open under other additional data, another key, or with a flipped bit', async () => {
    const key = await importRecordsKey(randomKeyBase64());
    const other = await importRecordsKey(randomKeyBase64());
    const box = await seal(key, text('secret'), 'incidents:a');
    await expect(open(key, box, 'incidents:b')).rejects.toThrow(OpenError);
    await expect(open(other, box, 'incidents:a')).rejects.toThrow(OpenError);
    for (const field of ['iv', 'ct'] as const) {
      const flipped = { ...box, [field]: new Uint8Array(box[field]) };
      flipped[field][0] = (flipped[field][0] ?? 0) ^ 1;
      await expect(open(key, flipped, 'incidents:a')).rejects.toThrow(OpenError);
    }
    const truncated = { ...box, ct: box.ct.slice(0, box.ct.length - 1) };
    await expect(open(key, truncated, 'incidents:a')).rejects.toThrow(OpenError);
  });

  it('refuses values that are not sealed boxes', async () => {
    const key = await importRecordsKey(randomKeyBase64());
    for (const value of [
      null,
      { title: 'clear' },
      { v: 2, iv: new Uint8Array(12), ct: new Uint8Array(20) },
    ]) {
      expect(isSealedBox(value)).toBe(false);
      await expect(open(key, value, 'x')).rejects.toThrow('not a sealed box');
    }
  });
});

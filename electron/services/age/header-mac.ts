import { createHmac, timingSafeEqual } from 'node:crypto';
import { AgeError } from './errors';
import type { ParsedHeader } from './header';
import { hkdfSha256 } from './primitives';

/** HMAC-SHA-256 over the header, keyed from the file key: binds every stanza to the payload. */

export function computeHeaderMac(fileKey: Buffer, macInput: Buffer): Buffer {
  const macKey = hkdfSha256(fileKey, Buffer.alloc(0), 'header');
  return createHmac('sha256', macKey).update(macInput).digest();
}

export function verifyHeaderMac(fileKey: Buffer, header: ParsedHeader): void {
  const expected = computeHeaderMac(fileKey, header.macInput);
  if (!timingSafeEqual(expected, header.mac)) {
    throw new AgeError('HEADER_MAC', 'age header MAC mismatch: the header was altered');
  }
}

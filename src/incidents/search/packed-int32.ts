import { base64ToBytes, bytesToBase64 } from '../../db/base64-bytes';

/**
 * Int32 columns as base64 text, so that they pass through the record codec
 * (which seals JSON) without the tenfold growth of a JSON number array, and
 * decode without a parse per number. Little-endian byte order on every
 * machine, whatever the host's.
 */

/** The bytes of an Int32Array can be used as they are only on a little-endian host (all we ship to). */
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

export class PackedInt32Error extends Error {
  constructor(message: string) {
    super(`packed numbers: ${message}`);
    this.name = 'PackedInt32Error';
  }
}

export function packInt32(values: Int32Array): string {
  if (LITTLE_ENDIAN) {
    return bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let at = 0; at < values.length; at += 1) view.setInt32(at * 4, values[at] as number, true);
  return bytesToBase64(bytes);
}

/** Throws PackedInt32Error on text that is not base64 of whole 32-bit numbers. */
export function unpackInt32(text: string): Int32Array {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(text);
  } catch {
    throw new PackedInt32Error('not base64');
  }
  if (bytes.length % 4 !== 0) {
    throw new PackedInt32Error(`${bytes.length} bytes is not a whole number of 32-bit values`);
  }
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.length / 4 }, (_, at) => view.getInt32(at * 4, true));
}

/**
 * Int32 columns as little-endian bytes on every machine, whatever the host's
 * byte order, so a snapshot written on one machine reads on another.
 */

/** The bytes of an Int32Array can be used as they are only on a little-endian host (all we ship to). */
const LITTLE_ENDIAN = new Uint8Array(new Int32Array([1]).buffer)[0] === 1;

export class PackedInt32Error extends Error {
  constructor(message: string) {
    super(`packed numbers: ${message}`);
    this.name = 'PackedInt32Error';
  }
}

/** The values' bytes; on a little-endian host a view of the same memory, not a copy. */
export function int32Bytes(values: Int32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let at = 0; at < values.length; at += 1) view.setInt32(at * 4, values[at] as number, true);
  return bytes;
}

/**
 * The numbers in `bytes`, in memory of their own (a copy: an Int32Array needs
 * an aligned start, and a view would keep the whole snapshot alive). Throws
 * PackedInt32Error unless the bytes are whole 32-bit numbers.
 */
export function bytesToInt32(bytes: Uint8Array): Int32Array<ArrayBuffer> {
  if (bytes.length % 4 !== 0) {
    throw new PackedInt32Error(`${bytes.length} bytes is not a whole number of 32-bit values`);
  }
  const values = new Int32Array(bytes.length / 4);
  if (LITTLE_ENDIAN) {
    new Uint8Array(values.buffer).set(bytes);
    return values;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < values.length; at += 1) values[at] = view.getInt32(at * 4, true);
  return values;
}

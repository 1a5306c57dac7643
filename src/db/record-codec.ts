/**
 * Turns a value (a validated record body, a draft's form, an audit payload)
 * into what is stored, and back. `plaintextCodec` stores it as is (tests,
 * benchmarks, and databases before a vault existed); src/vault/sealed-codec.ts
 * seals it with AES-GCM under the records key.
 *
 * `aad` names where the value is stored (`incidents:<id>`, `drafts:<id>`, …):
 * a sealing codec binds the stored value to it, so a sealed body moved onto
 * another record does not open.
 *
 * The repository calls `seal` before it opens a write transaction and `open`
 * after its read transaction has finished, because awaiting WebCrypto inside
 * an IndexedDB transaction would let the transaction commit early. Tombstone
 * bodies (null) never pass through the codec.
 */
export interface RecordCodec {
  seal(value: unknown, aad: string): Promise<unknown>;
  /** Throws when the stored value cannot be opened (wrong key, moved, damaged). */
  open(stored: unknown, aad: string): Promise<unknown>;
  /**
   * Present on codecs that seal at rest: tells a sealed stored value from one
   * written in clear by an older version, so the repository can re-seal it.
   * The repository also keeps a key check in meta only for such codecs.
   */
  isSealed?(stored: unknown): boolean;
  /**
   * Seals raw bytes as they are: no JSON, no text encoding. For large binary
   * values (the search index snapshot's chunks), where turning bytes into
   * text and back costs more than the sealing itself. Present on both codecs
   * the app uses; a store that needs it refuses a codec without it.
   */
  sealBytes?(bytes: Uint8Array<ArrayBuffer>, aad: string): Promise<unknown>;
  /** The bytes given to sealBytes; throws as `open` does. */
  openBytes?(stored: unknown, aad: string): Promise<Uint8Array<ArrayBuffer>>;
}

/** IndexedDB gives typed arrays back over an ArrayBuffer of their own (never a shared one). */
function isStoredBytes(value: unknown): value is Uint8Array<ArrayBuffer> {
  return value instanceof Uint8Array && value.buffer instanceof ArrayBuffer;
}

export const plaintextCodec: RecordCodec = {
  seal: (value) => Promise.resolve(value),
  open: (stored) => Promise.resolve(stored),
  sealBytes: (bytes) => Promise.resolve(bytes),
  openBytes: (stored) =>
    isStoredBytes(stored)
      ? Promise.resolve(stored)
      : Promise.reject(new TypeError('stored value is not bytes')),
};

/** Where a record body is stored, as additional data for sealing. */
export function recordAad(table: string, id: string): string {
  return `${table}:${id}`;
}

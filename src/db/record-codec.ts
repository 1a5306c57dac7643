/**
 * Turns a validated record body into what is stored in the envelope's `body`
 * field, and back. Today the body is stored as is; issue 3 supplies a codec
 * that seals it with AES-GCM under the records key.
 *
 * The repository calls `seal` before it opens a write transaction and `open`
 * after its read transaction has finished, because awaiting WebCrypto inside
 * an IndexedDB transaction would let the transaction commit early. Tombstone
 * bodies (null) never pass through the codec.
 */
export interface RecordCodec {
  seal(body: object, recordId: string): Promise<unknown>;
  /** Throws when the stored body cannot be opened (wrong key, damaged ciphertext). */
  open(stored: unknown, recordId: string): Promise<unknown>;
}

export const plaintextCodec: RecordCodec = {
  seal: (body) => Promise.resolve(body),
  open: (stored) => Promise.resolve(stored),
};

/**
 * Pull-style reading of exact byte counts from an async stream of chunks,
 * holding at most one incoming chunk beyond what was asked for. The stream
 * may reuse a chunk's memory once the next one is asked for, so a piece
 * handed out is valid until the next read; a read spanning chunks is copied.
 */
export class ByteSource {
  private pending: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Exactly `length` bytes, or fewer only when the stream ended first. */
  async readUpTo(length: number): Promise<Buffer> {
    const first = await this.next(length);
    if (first === undefined) return Buffer.alloc(0);
    if (first.length === length) return first;
    const bytes = Buffer.allocUnsafe(length);
    let collected = first.copy(bytes, 0);
    while (collected < length) {
      const piece = await this.next(length - collected);
      if (!piece) break;
      collected += piece.copy(bytes, collected);
    }
    return bytes.subarray(0, collected);
  }

  /** Up to `max` bytes as they arrive (no copy when possible); undefined at the end. */
  async next(max: number): Promise<Buffer | undefined> {
    while (this.pending.length === 0) {
      if (this.done) return undefined;
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        return undefined;
      }
      const value = next.value;
      this.pending = Buffer.isBuffer(value)
        ? value
        : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
    const piece = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(piece.length);
    return piece;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

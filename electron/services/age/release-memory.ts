/**
 * Frees a buffer's memory now rather than at the next garbage collection,
 * for buffers a stream is certainly done with: gigabytes of short-lived
 * chunks otherwise pile up between collections (peak RSS) and make the
 * collector run often (CPU). Only a buffer that owns its whole ArrayBuffer
 * is freed (a cipher's output or a large allocUnsafe does); a slice of
 * Node's shared pool or of a larger buffer is left alone, as is shared
 * memory. Any other view of the same memory becomes empty.
 */
export function releaseMemory(buffer: Uint8Array): void {
  const memory = buffer.buffer;
  if (
    memory instanceof ArrayBuffer &&
    buffer.byteOffset === 0 &&
    memory.byteLength === buffer.byteLength &&
    memory.byteLength > 0
  ) {
    // ES2024's ArrayBuffer.prototype.transfer (Node 22 has it; the project's lib is ES2023).
    (memory as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
  }
}

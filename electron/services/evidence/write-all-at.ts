import type { FileHandle } from 'node:fs/promises';

/**
 * Writes every byte of `buffers` at `position`: a vectored write may stop
 * short (a full disk, a signal), so it continues after what was written.
 */
export async function writeAllAt(
  target: FileHandle,
  buffers: readonly Buffer[],
  position: number,
): Promise<void> {
  let remaining = buffers.filter((buffer) => buffer.length > 0);
  let at = position;
  while (remaining.length > 0) {
    const { bytesWritten } = await target.writev(remaining, at);
    if (bytesWritten === 0) throw new Error('the disk accepted no bytes');
    at += bytesWritten;
    remaining = skipWritten(remaining, bytesWritten);
  }
}

function skipWritten(buffers: readonly Buffer[], bytesWritten: number): Buffer[] {
  let skip = bytesWritten;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

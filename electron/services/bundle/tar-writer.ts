import { unsafeNameReason } from './entry-names';
import { BLOCK_SIZE, encodeHeader, MAX_OCTAL_SIZE, paxRecord } from './tar-header';

/**
 * A streaming writer of POSIX tar (ustar, with a pax extended header only
 * when a name exceeds 100 bytes or a size 8 GiB − 1). Every entry is a
 * regular file with mode 0644, owner 0, the given modification time and no
 * user or group names, so the same input always gives the same bytes.
 */

export interface TarInputEntry {
  name: string;
  size: number;
  /** The content; must yield exactly `size` bytes. */
  data: Uint8Array | AsyncIterable<Uint8Array>;
}

const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK_SIZE);

export async function* writeTar(
  entries: Iterable<TarInputEntry> | AsyncIterable<TarInputEntry>,
  mtimeSeconds: number,
): AsyncGenerator<Buffer> {
  for await (const entry of entries) {
    yield* headerBlocks(entry.name, entry.size, mtimeSeconds);
    let written = 0;
    const chunks = entry.data instanceof Uint8Array ? [entry.data] : entry.data;
    for await (const chunk of chunks) {
      written += chunk.byteLength;
      if (written > entry.size) {
        throw new RangeError(`tar entry ${entry.name}: more data than its declared size`);
      }
      if (chunk.byteLength > 0) yield asBuffer(chunk);
    }
    if (written !== entry.size) {
      throw new RangeError(`tar entry ${entry.name}: less data than its declared size`);
    }
    const padding = paddingLength(entry.size);
    if (padding > 0) yield Buffer.alloc(padding);
  }
  yield END_OF_ARCHIVE;
}

export function paddingLength(size: number): number {
  return (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;
}

function* headerBlocks(name: string, size: number, mtime: number): Generator<Buffer> {
  const reason = unsafeNameReason(name);
  if (reason) throw new RangeError(`tar entry name refused: ${reason}`);
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError('tar entry size');
  const nameBytes = Buffer.from(name, 'utf8');
  const pax: Buffer[] = [];
  if (nameBytes.length > 100) pax.push(paxRecord('path', name));
  if (size > MAX_OCTAL_SIZE) pax.push(paxRecord('size', String(size)));
  if (pax.length > 0) {
    const body = Buffer.concat(pax);
    yield encodeHeader({
      name: Buffer.from('PaxHeader', 'latin1'),
      size: body.length,
      mtime,
      typeflag: 'x',
    });
    yield body;
    yield Buffer.alloc(paddingLength(body.length));
  }
  yield encodeHeader({
    name: nameBytes.length > 100 ? nameBytes.subarray(0, 100) : nameBytes,
    size,
    mtime,
    typeflag: '0',
  });
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

import { ByteSource } from './byte-source';
import { unsafeNameReason } from './entry-names';
import { BundleError, type TarErrorCode } from './errors';
import {
  BLOCK_SIZE,
  decodeHeader,
  HeaderProblem,
  isZeroBlock,
  parsePaxRecords,
  type DecodedHeader,
} from './tar-header';
import { paddingLength } from './tar-writer';

/**
 * A strict streaming tar reader for bundles. It yields regular files only,
 * one at a time, with their content as a stream: memory stays at one
 * incoming chunk whatever the entry size. Anything a bundle never needs and
 * an extractor could be tricked by is an error with its own code: links,
 * devices, FIFOs, unsafe or unexpected names, duplicates, declared sizes the
 * data does not hold, bad checksums, and anything but zeros after the end.
 */

export interface TarEntry {
  name: string;
  size: number;
  /**
   * The entry's bytes. Read it to the end before asking for the next entry;
   * whatever is left unread is skipped. A piece is valid until the next one
   * is asked for (the input may reuse its memory): copy what you keep.
   */
  body: AsyncIterable<Buffer>;
}

export interface TarReadOptions {
  isAllowedFile(name: string): boolean;
  isAllowedDirectory(name: string): boolean;
}

/** pax keys a tar tool may write for a plain file; anything else is refused. */
const ALLOWED_PAX_KEYS = new Set(['path', 'size', 'mtime', 'atime', 'ctime']);
const MAX_PAX_HEADER = 64 * 1024;
const READ_SIZE = 64 * 1024;

function fail(code: TarErrorCode, message: string): never {
  throw new BundleError(code, message);
}

export async function* readTar(
  input: AsyncIterable<Uint8Array>,
  options: TarReadOptions,
): AsyncGenerator<TarEntry> {
  const source = new ByteSource(input);
  const seen = new Set<string>();
  let pax: Map<string, string> | undefined;
  try {
    for (;;) {
      const block = await source.readUpTo(BLOCK_SIZE);
      if (block.length < BLOCK_SIZE) fail('TAR_TRUNCATED', 'tar stream ends inside a header');
      if (isZeroBlock(block)) {
        if (pax) fail('TAR_BAD_HEADER', 'pax header not followed by an entry');
        await expectEndOfArchive(source);
        return;
      }
      const header = decode(block);
      const name = decodeName(pax?.get('path'), header.name);
      const size = paxSize(pax) ?? header.size;
      pax = undefined;

      switch (header.typeflag) {
        case 'x': {
          if (size > MAX_PAX_HEADER) fail('TAR_BAD_HEADER', 'pax header too large');
          const body = await readExactly(source, size);
          await skipPadding(source, size);
          pax = parsePax(body);
          continue;
        }
        case '0':
        case '\u0000':
          break;
        case '5':
          checkName(name.replace(/\/$/, ''), options.isAllowedDirectory);
          if (size !== 0) fail('TAR_DIRECTORY_PAYLOAD', `directory ${name} declares content`);
          continue;
        case '1':
        case '2':
          fail('TAR_LINK', `link entry ${safeForMessage(name)}`);
          break;
        case '3':
        case '4':
        case '6':
          fail('TAR_SPECIAL_FILE', `device or FIFO entry ${safeForMessage(name)}`);
          break;
        default:
          fail('TAR_UNSUPPORTED_ENTRY', `tar entry type ${JSON.stringify(header.typeflag)}`);
      }

      checkName(name, options.isAllowedFile);
      if (seen.has(name)) fail('TAR_DUPLICATE', `entry ${name} appears twice`);
      seen.add(name);

      let remaining = size;
      const body = (async function* (): AsyncGenerator<Buffer> {
        while (remaining > 0) {
          const piece = await source.next(Math.min(remaining, READ_SIZE));
          if (!piece) fail('TAR_SIZE_BEYOND_DATA', `entry ${name} declares more bytes than follow`);
          remaining -= piece.length;
          yield piece;
        }
      })();
      yield { name, size, body };
      // Skip whatever the consumer left unread (it may have stopped the body generator early).
      while (remaining > 0) {
        const piece = await source.next(Math.min(remaining, READ_SIZE));
        if (!piece) fail('TAR_SIZE_BEYOND_DATA', `entry ${name} declares more bytes than follow`);
        remaining -= piece.length;
      }
      await skipPadding(source, size);
    }
  } finally {
    await source.close();
  }
}

function decode(block: Buffer): DecodedHeader {
  try {
    return decodeHeader(block);
  } catch (error) {
    if (error instanceof HeaderProblem) {
      fail(error.kind === 'checksum' ? 'TAR_BAD_CHECKSUM' : 'TAR_BAD_HEADER', error.message);
    }
    throw error;
  }
}

function parsePax(body: Buffer): Map<string, string> {
  let records: Map<string, string>;
  try {
    records = parsePaxRecords(body);
  } catch (error) {
    if (error instanceof HeaderProblem) fail('TAR_BAD_HEADER', error.message);
    throw error;
  }
  for (const key of records.keys()) {
    if (!ALLOWED_PAX_KEYS.has(key)) fail('TAR_UNSUPPORTED_ENTRY', `pax key ${key} not supported`);
  }
  return records;
}

function paxSize(pax: Map<string, string> | undefined): number | undefined {
  const text = pax?.get('size');
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    fail('TAR_BAD_HEADER', 'pax size is not a whole number');
  }
  return Number(text);
}

function decodeName(paxPath: string | undefined, raw: Buffer): string {
  if (paxPath !== undefined) return paxPath;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    fail('TAR_UNSAFE_NAME', 'entry name is not valid UTF-8');
  }
}

function checkName(name: string, isAllowed: (name: string) => boolean): void {
  const reason = unsafeNameReason(name);
  if (reason) fail('TAR_UNSAFE_NAME', `unsafe entry name ${safeForMessage(name)}: ${reason}`);
  if (!isAllowed(name)) fail('TAR_NAME_NOT_ALLOWED', `unexpected entry ${safeForMessage(name)}`);
}

/** A name for an error message: printable, bounded, never able to forge a second log line. */
function safeForMessage(name: string): string {
  return JSON.stringify(name.slice(0, 120));
}

/** A copy: the caller keeps it across further reads, which may reuse the stream's memory. */
async function readExactly(source: ByteSource, length: number): Promise<Buffer> {
  const bytes = await source.readUpTo(length);
  if (bytes.length < length) fail('TAR_SIZE_BEYOND_DATA', 'entry declares more bytes than follow');
  return Buffer.from(bytes);
}

async function skipPadding(source: ByteSource, size: number): Promise<void> {
  const padding = paddingLength(size);
  if (padding === 0) return;
  const bytes = await source.readUpTo(padding);
  if (bytes.length < padding) fail('TAR_TRUNCATED', 'tar stream ends inside entry padding');
  if (!isZeroBlock(bytes)) fail('TAR_BAD_PADDING', 'entry padding is not zeros');
}

/** After the first zero block: a second one, then only zeros (tar tools pad to a record size). */
async function expectEndOfArchive(source: ByteSource): Promise<void> {
  const second = await source.readUpTo(BLOCK_SIZE);
  if (second.length < BLOCK_SIZE) fail('TAR_TRUNCATED', 'tar stream ends inside its end marker');
  if (!isZeroBlock(second)) fail('TAR_TRAILING_GARBAGE', 'data after a single zero block');
  for (let piece = await source.next(READ_SIZE); piece; piece = await source.next(READ_SIZE)) {
    if (!isZeroBlock(piece)) fail('TAR_TRAILING_GARBAGE', 'data after the end of the archive');
  }
}

/**
 * The 512-byte POSIX ustar header (IEEE Std 1003.1, pax format) and pax
 * extended records: encoding for the writer, strict decoding for the reader.
 * Field offsets and lengths are those of the standard.
 */

export const BLOCK_SIZE = 512;

/** The largest size an 11-digit octal field holds (8 GiB − 1); beyond it a pax `size` record is written. */
export const MAX_OCTAL_SIZE = 0o77777777777;

const NAME = { offset: 0, length: 100 };
const MODE = { offset: 100, length: 8 };
const UID = { offset: 108, length: 8 };
const GID = { offset: 116, length: 8 };
const SIZE = { offset: 124, length: 12 };
const MTIME = { offset: 136, length: 12 };
const CHECKSUM = { offset: 148, length: 8 };
const TYPEFLAG = 156;
const MAGIC = { offset: 257, length: 6 };
const VERSION = { offset: 263, length: 2 };
const PREFIX = { offset: 345, length: 155 };

const USTAR_MAGIC = Buffer.from('ustar\u0000', 'latin1');
const USTAR_VERSION = Buffer.from('00', 'latin1');
// GNU tar's default format: magic "ustar " and version " \0".
const GNU_MAGIC_AND_VERSION = Buffer.from('ustar  \u0000', 'latin1');

export interface HeaderFields {
  /** Raw name bytes as they go into the name field (at most 100). */
  name: Buffer;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
  typeflag: string;
  /** Octal permission bits. */
  mode?: number;
}

/**
 * A ustar header with the given fields and a correct checksum. No validation
 * beyond field widths: callers check names (tests use this to forge hostile
 * headers on purpose).
 */
export function encodeHeader(fields: HeaderFields): Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  if (fields.name.length > NAME.length) throw new RangeError('tar name field overflows');
  fields.name.copy(block, NAME.offset);
  writeOctal(block, MODE, fields.mode ?? 0o644);
  writeOctal(block, UID, 0);
  writeOctal(block, GID, 0);
  writeOctal(block, SIZE, Math.min(fields.size, MAX_OCTAL_SIZE));
  writeOctal(block, MTIME, fields.mtime);
  block.write(fields.typeflag, TYPEFLAG, 1, 'latin1');
  USTAR_MAGIC.copy(block, MAGIC.offset);
  USTAR_VERSION.copy(block, VERSION.offset);
  writeChecksum(block);
  return block;
}

/** Rewrites the checksum field after the caller changed the block (tests, the writer). */
export function writeChecksum(block: Buffer): void {
  block.fill(0x20, CHECKSUM.offset, CHECKSUM.offset + CHECKSUM.length);
  const sum = checksumOf(block);
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, CHECKSUM.offset, 'latin1');
}

function checksumOf(block: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK_SIZE; index++) {
    const inChecksumField = index >= CHECKSUM.offset && index < CHECKSUM.offset + CHECKSUM.length;
    sum += inChecksumField ? 0x20 : block[index]!;
  }
  return sum;
}

function writeOctal(block: Buffer, field: { offset: number; length: number }, value: number): void {
  const digits = value.toString(8).padStart(field.length - 1, '0');
  if (digits.length > field.length - 1) throw new RangeError('tar numeric field overflows');
  block.write(`${digits}\u0000`, field.offset, 'latin1');
}

/** One pax extended-header record: "<length> <key>=<value>\n", the length counting itself. */
export function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.from(` ${key}=${value}\n`, 'utf8');
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length += 1;
  return Buffer.concat([Buffer.from(String(length), 'latin1'), body]);
}

export function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Where a header decode failed; the reader turns this into a TarError code. */
export class HeaderProblem extends Error {
  constructor(
    readonly kind: 'checksum' | 'format',
    message: string,
  ) {
    super(message);
  }
}

export interface DecodedHeader {
  /** Name bytes: prefix + "/" + name when a prefix is present. */
  name: Buffer;
  size: number;
  typeflag: string;
}

export function decodeHeader(block: Buffer): DecodedHeader {
  const stored = parseNumber(block, CHECKSUM, 'checksum');
  if (stored !== checksumOf(block)) {
    throw new HeaderProblem('checksum', 'tar header checksum does not match');
  }
  const magicAndVersion = block.subarray(MAGIC.offset, VERSION.offset + VERSION.length);
  const isUstar =
    magicAndVersion.subarray(0, 6).equals(USTAR_MAGIC) &&
    magicAndVersion.subarray(6).equals(USTAR_VERSION);
  const isGnu = magicAndVersion.equals(GNU_MAGIC_AND_VERSION);
  if (!isUstar && !isGnu) throw new HeaderProblem('format', 'not a ustar or GNU tar header');
  const name = cString(block, NAME);
  const prefix = isUstar ? cString(block, PREFIX) : Buffer.alloc(0);
  return {
    name: prefix.length > 0 ? Buffer.concat([prefix, Buffer.from('/'), name]) : name,
    size: parseNumber(block, SIZE, 'size'),
    typeflag: String.fromCharCode(block[TYPEFLAG]!),
  };
}

/** Bytes of a NUL-terminated (or full-width) field. */
function cString(block: Buffer, field: { offset: number; length: number }): Buffer {
  const raw = block.subarray(field.offset, field.offset + field.length);
  const end = raw.indexOf(0);
  return Buffer.from(end < 0 ? raw : raw.subarray(0, end));
}

/**
 * An octal field (optional leading spaces, digits, then NUL or space
 * terminators) or GNU's base-256 form (high bit set) for large sizes.
 */
function parseNumber(
  block: Buffer,
  field: { offset: number; length: number },
  what: string,
): number {
  const raw = block.subarray(field.offset, field.offset + field.length);
  if ((raw[0]! & 0x80) !== 0) {
    if (raw[0] !== 0x80) throw new HeaderProblem('format', `tar ${what} field: negative or huge`);
    let value = 0;
    for (const byte of raw.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) {
      throw new HeaderProblem('format', `tar ${what} field too large`);
    }
    return value;
  }
  const text = raw.toString('latin1');
  // eslint-disable-next-line no-control-regex -- NUL is the standard field terminator
  const match = /^ *([0-7]+)[ \u0000]*$/.exec(text);
  if (!match) throw new HeaderProblem('format', `tar ${what} field is not octal`);
  const value = Number.parseInt(match[1]!, 8);
  if (!Number.isSafeInteger(value)) throw new HeaderProblem('format', `tar ${what} too large`);
  return value;
}

/**
 * Parses a pax extended header body into key/value pairs, strictly: every
 * record's length must be exact and every value valid UTF-8.
 */
export function parsePaxRecords(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space < 0 || space - offset > 20) throw new HeaderProblem('format', 'pax record length');
    const lengthText = body.toString('latin1', offset, space);
    if (!/^[1-9][0-9]*$/.test(lengthText)) throw new HeaderProblem('format', 'pax record length');
    const length = Number(lengthText);
    const end = offset + length;
    if (end > body.length || body[end - 1] !== 0x0a) {
      throw new HeaderProblem('format', 'pax record does not end where its length says');
    }
    const record = body.subarray(space + 1, end - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw new HeaderProblem('format', 'pax record without key');
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(record);
    } catch {
      throw new HeaderProblem('format', 'pax record is not UTF-8');
    }
    const key = text.slice(0, text.indexOf('='));
    if (records.has(key)) throw new HeaderProblem('format', `pax key ${key} repeated`);
    records.set(key, text.slice(text.indexOf('=') + 1));
    offset = end;
  }
  return records;
}

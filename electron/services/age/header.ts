import { decodeCanonicalBase64, encodeBase64NoPadding } from './base64';
import { AgeError } from './errors';

/**
 * The textual age v1 header: version line, recipient stanzas, MAC line.
 * Parsing is strict (the MAC is computed over the bytes as read, so only
 * one encoding of a header may be accepted) and bounded, so a hostile file
 * cannot make us buffer or process an unbounded header.
 */

export const VERSION_LINE = 'age-encryption.org/v1';
const VERSION_PREFIX = 'age-encryption.org/';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const STANZA_PREFIX = '-> ';
const MAC_PREFIX = '---';
const BODY_LINE_COLUMNS = 64;
const MAC_LENGTH = 32;

/** Far above any real header (an X25519 stanza is about 110 bytes). */
export const MAX_HEADER_BYTES = 256 * 1024;
export const MAX_STANZAS = 1024;

export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

export interface ParsedHeader {
  stanzas: Stanza[];
  /** The header bytes from the version line up to and including "---": what the MAC covers. */
  macInput: Buffer;
  mac: Buffer;
  /** Length in bytes of the whole header, including the MAC line's newline. */
  length: number;
}

/**
 * Rejects early what cannot become an age v1 header, so a stream reader
 * does not buffer a large non-age file before failing. Returns silently
 * when `start` (the first bytes of a file) is still plausible.
 */
export function assertPlausibleStart(start: Buffer): void {
  const comparable = Math.min(start.length, VERSION_PREFIX.length);
  if (start.toString('latin1', 0, comparable) !== VERSION_PREFIX.slice(0, comparable)) {
    const armored = start.toString('latin1', 0, 256).trimStart().startsWith(ARMOR_BEGIN);
    throw new AgeError(
      'NOT_AGE',
      armored ? 'ASCII-armored age files are not supported' : 'not an age file',
    );
  }
  const firstNewline = start.indexOf(0x0a);
  const firstLine = firstNewline < 0 ? undefined : start.toString('latin1', 0, firstNewline);
  if (firstLine !== undefined && firstLine !== VERSION_LINE) {
    // "v1" followed by a CR or spaces is a damaged v1 header, not another version.
    if (firstLine.trimEnd() === VERSION_LINE) throw malformed('version line has trailing bytes');
    throw new AgeError('UNSUPPORTED_VERSION', 'unsupported age format version');
  }
}

/** Index just past the MAC line's newline, or -1 if `buffer` does not yet hold the whole header. */
export function findHeaderEnd(buffer: Buffer): number {
  let lineStart = 0;
  for (;;) {
    const newline = buffer.indexOf(0x0a, lineStart);
    if (newline < 0) return -1;
    if (buffer.toString('latin1', lineStart, lineStart + MAC_PREFIX.length) === MAC_PREFIX) {
      return newline + 1;
    }
    lineStart = newline + 1;
  }
}

function malformed(reason: string): AgeError {
  return new AgeError('MALFORMED_HEADER', `malformed age header: ${reason}`);
}

function isValidArgument(argument: string): boolean {
  if (argument.length === 0) return false;
  for (let index = 0; index < argument.length; index++) {
    const code = argument.charCodeAt(index);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/** Parses exactly one header, `header` ending with the MAC line's newline. */
export function parseHeader(header: Buffer): ParsedHeader {
  if (header.length > MAX_HEADER_BYTES) throw malformed('header too large');
  assertPlausibleStart(header);
  const lines = header.toString('latin1').split('\n');
  if (lines.pop() !== '') throw malformed('header does not end with a newline');
  if (lines[0] !== VERSION_LINE) throw malformed('missing version line');

  const stanzas: Stanza[] = [];
  let offset = VERSION_LINE.length + 1;
  let index = 1;
  while (lines[index]?.startsWith(STANZA_PREFIX)) {
    if (stanzas.length === MAX_STANZAS) throw malformed('too many recipient stanzas');
    const argumentLine = lines[index] ?? '';
    offset += argumentLine.length + 1;
    index++;
    const [type, ...args] = argumentLine.slice(STANZA_PREFIX.length).split(' ');
    if (type === undefined || ![type, ...args].every(isValidArgument)) {
      throw malformed('invalid stanza argument');
    }
    const bodyParts: Buffer[] = [];
    for (;;) {
      const bodyLine = lines[index];
      if (bodyLine === undefined) throw malformed('stanza body not terminated');
      if (bodyLine.length > BODY_LINE_COLUMNS) throw malformed('stanza body line too long');
      const decoded = decodeCanonicalBase64(bodyLine);
      if (decoded === undefined) throw malformed('stanza body is not canonical base64');
      bodyParts.push(decoded);
      offset += bodyLine.length + 1;
      index++;
      if (bodyLine.length < BODY_LINE_COLUMNS) break;
    }
    stanzas.push({ type, args, body: Buffer.concat(bodyParts) });
  }
  if (stanzas.length === 0) throw malformed('no recipient stanza');

  const macLine = lines[index];
  if (macLine === undefined || !macLine.startsWith(MAC_PREFIX)) {
    throw malformed('expected a stanza or the MAC line');
  }
  if (index !== lines.length - 1) throw malformed('data after the MAC line');
  const macText = macLine.slice(MAC_PREFIX.length);
  const mac = macText.startsWith(' ') ? decodeCanonicalBase64(macText.slice(1)) : undefined;
  if (mac === undefined || mac.length !== MAC_LENGTH) throw malformed('invalid MAC line');
  return {
    stanzas,
    macInput: header.subarray(0, offset + MAC_PREFIX.length),
    mac,
    length: header.length,
  };
}

/** Serialises the header up to and including "---" (the MAC input). */
export function encodeHeaderWithoutMac(stanzas: readonly Stanza[]): Buffer {
  if (stanzas.length === 0 || stanzas.length > MAX_STANZAS) {
    throw new RangeError(`an age header needs 1 to ${MAX_STANZAS} stanzas`);
  }
  const parts = [VERSION_LINE];
  for (const stanza of stanzas) {
    if (![stanza.type, ...stanza.args].every(isValidArgument)) {
      throw new RangeError('stanza arguments must be non-empty printable ASCII without spaces');
    }
    parts.push(`${STANZA_PREFIX}${[stanza.type, ...stanza.args].join(' ')}`);
    const encoded = encodeBase64NoPadding(stanza.body);
    for (let start = 0; start < encoded.length; start += BODY_LINE_COLUMNS) {
      parts.push(encoded.slice(start, start + BODY_LINE_COLUMNS));
    }
    // The body ends at the first line shorter than 64 columns, possibly empty.
    if (encoded.length % BODY_LINE_COLUMNS === 0) parts.push('');
  }
  parts.push(MAC_PREFIX);
  return Buffer.from(parts.join('\n'), 'latin1');
}

export function encodeMacLineTail(mac: Uint8Array): Buffer {
  return Buffer.from(` ${encodeBase64NoPadding(mac)}\n`, 'latin1');
}

import { UNKNOWN_MEDIA_TYPE } from '../../../src/domain/evidence';

/**
 * Names a file's type from its first bytes, never from its name: a file
 * called `clip.mp4` that is really HTML must not reach a media element as
 * video, and a phone's extension-less upload must still play. Returns a bare
 * type (no parameters) or UNKNOWN_MEDIA_TYPE.
 */

/** Enough for every signature below and a fair sample of text. */
export const SNIFF_LENGTH = 64 * 1024;

/** `head` is the file's first bytes (up to SNIFF_LENGTH); `complete` when it is the whole file. */
export function sniffMediaType(head: Uint8Array, complete = head.length < SNIFF_LENGTH): string {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  for (const sniff of SNIFFERS) {
    const type = sniff(bytes);
    if (type !== null) return type;
  }
  return isPlainText(bytes, complete) ? 'text/plain' : UNKNOWN_MEDIA_TYPE;
}

type Sniffer = (bytes: Buffer) => string | null;

const ascii = (bytes: Buffer, offset: number, text: string): boolean =>
  bytes.length >= offset + text.length &&
  bytes.toString('latin1', offset, offset + text.length) === text;

const startsWith = (bytes: Buffer, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);

/** ISO base media (MP4, MOV, M4A, 3GP, HEIF): the `ftyp` box names brands. */
const isoBaseMedia: Sniffer = (bytes) => {
  if (!ascii(bytes, 4, 'ftyp') || bytes.length < 12) return null;
  const boxSize = bytes.readUInt32BE(0);
  const brands = [bytes.toString('latin1', 8, 12)];
  for (let offset = 16; offset + 4 <= Math.min(boxSize, bytes.length); offset += 4) {
    brands.push(bytes.toString('latin1', offset, offset + 4));
  }
  const major = brands[0] ?? '';
  const has = (...names: string[]) => brands.some((brand) => names.includes(brand));
  if (major === 'qt  ') return 'video/quicktime';
  if (['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B '].includes(major)) return 'audio/mp4';
  if (major.startsWith('3g2')) return 'video/3gpp2';
  if (major.startsWith('3gp') || major.startsWith('3ge') || major.startsWith('3gs'))
    return 'video/3gpp';
  if (['avif', 'avis'].includes(major)) return 'image/avif';
  if (has('heic', 'heix', 'heim', 'heis', 'hevc', 'hevx')) return 'image/heic';
  if (['mif1', 'msf1'].includes(major)) return has('avif') ? 'image/avif' : 'image/heif';
  return 'video/mp4';
};

/** QuickTime files from before `ftyp` start with a top-level atom instead. */
const legacyQuickTime: Sniffer = (bytes) =>
  bytes.length >= 8 &&
  bytes.readUInt32BE(0) >= 8 &&
  (ascii(bytes, 4, 'moov') || ascii(bytes, 4, 'mdat') || ascii(bytes, 4, 'wide'))
    ? 'video/quicktime'
    : null;

/** EBML: the DocType element says WebM or Matroska. */
const ebml: Sniffer = (bytes) => {
  if (!startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return null;
  const header = bytes.subarray(0, 4096).toString('latin1');
  if (header.includes('\x42\x82\x84webm')) return 'video/webm';
  if (header.includes('\x42\x82\x88matroska')) return 'video/x-matroska';
  return 'video/x-matroska';
};

/** Ogg: the first page's packet names the codec. */
const ogg: Sniffer = (bytes) => {
  if (!ascii(bytes, 0, 'OggS')) return null;
  const firstPage = bytes.subarray(0, 512).toString('latin1');
  if (firstPage.includes('\x80theora') || firstPage.includes('\x80daala')) return 'video/ogg';
  if (
    firstPage.includes('\x01vorbis') ||
    firstPage.includes('OpusHead') ||
    firstPage.includes('\x7fFLAC') ||
    firstPage.includes('Speex   ')
  ) {
    return 'audio/ogg';
  }
  return 'application/ogg';
};

const riff: Sniffer = (bytes) => {
  if (!ascii(bytes, 0, 'RIFF')) return null;
  if (ascii(bytes, 8, 'WAVE')) return 'audio/wav';
  if (ascii(bytes, 8, 'AVI ')) return 'video/x-msvideo';
  if (ascii(bytes, 8, 'WEBP')) return 'image/webp';
  return null;
};

const TEXT_BOMS: readonly (readonly number[])[] = [
  [0xef, 0xbb, 0xbf],
  [0xff, 0xfe],
  [0xfe, 0xff],
];
/** Byte-order marks say text before the MPEG frame-sync test could misread FF FE as audio. */
const textBom: Sniffer = (bytes) =>
  TEXT_BOMS.some((bom) => startsWith(bytes, bom)) ? 'text/plain' : null;

const mpegAudio: Sniffer = (bytes) => {
  if (ascii(bytes, 0, 'ID3') && bytes.length >= 10 && bytes[3]! <= 4) return 'audio/mpeg';
  if (bytes.length < 4 || bytes[0] !== 0xff || (bytes[1]! & 0xe0) !== 0xe0) return null;
  const version = (bytes[1]! >> 3) & 0b11;
  const layer = (bytes[1]! >> 1) & 0b11;
  const bitrateIndex = bytes[2]! >> 4;
  const sampleRateIndex = (bytes[2]! >> 2) & 0b11;
  if (layer === 0) {
    // ADTS: AAC in an MPEG audio stream (version bit, layer always 00).
    return (bytes[1]! & 0xf6) === 0xf0 ? 'audio/aac' : null;
  }
  if (version === 0b01 || bitrateIndex === 0b1111 || sampleRateIndex === 0b11) return null;
  return 'audio/mpeg';
};

/** ZIP containers: office documents say what they are in their first entries. */
const zip: Sniffer = (bytes) => {
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return null;
  if (ascii(bytes, 30, 'mimetype')) {
    const nameLength = bytes.readUInt16LE(26);
    const extraLength = bytes.readUInt16LE(28);
    const start = 30 + nameLength + extraLength;
    const declared = bytes.toString('latin1', start, start + 80);
    const match = /^application\/(vnd\.oasis\.opendocument\.[a-z.-]+|epub\+zip)/.exec(declared);
    if (match) return `application/${match[1]}`;
  }
  const listing = bytes.toString('latin1');
  if (listing.includes('[Content_Types].xml') || listing.includes('_rels/.rels')) {
    if (listing.includes('word/'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (listing.includes('xl/'))
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (listing.includes('ppt/'))
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  }
  return 'application/zip';
};

const fixed = (signature: readonly number[] | string, type: string): Sniffer =>
  typeof signature === 'string'
    ? (bytes) => (ascii(bytes, 0, signature) ? type : null)
    : (bytes) => (startsWith(bytes, signature) ? type : null);

const SNIFFERS: readonly Sniffer[] = [
  isoBaseMedia,
  legacyQuickTime,
  ebml,
  ogg,
  riff,
  fixed('fLaC', 'audio/flac'),
  fixed([0xff, 0xd8, 0xff], 'image/jpeg'),
  fixed([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'),
  fixed('GIF87a', 'image/gif'),
  fixed('GIF89a', 'image/gif'),
  fixed([0x49, 0x49, 0x2a, 0x00], 'image/tiff'),
  fixed([0x4d, 0x4d, 0x00, 0x2a], 'image/tiff'),
  fixed('%PDF-', 'application/pdf'),
  fixed('#!AMR\n', 'audio/amr'),
  fixed([0x1f, 0x8b, 0x08], 'application/gzip'),
  fixed([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'application/x-7z-compressed'),
  fixed('Rar!\x1a\x07', 'application/vnd.rar'),
  fixed([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'application/x-ole-storage'),
  fixed('{\\rtf', 'application/rtf'),
  zip,
  textBom,
  mpegAudio,
];

const UTF8_DECODER = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 without control characters other than tab, line breaks and form
 * feed. When the head is cut from a longer file, a character split at the
 * cut is not held against it.
 */
function isPlainText(bytes: Buffer, complete: boolean): boolean {
  if (bytes.length === 0) return false;
  let end = bytes.length;
  if (!complete) end = withoutSplitCharacter(bytes);
  for (let index = 0; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) {
      return false;
    }
    if (byte === 0x7f) return false;
  }
  try {
    UTF8_DECODER.decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** The length without a multi-byte character whose lead byte is among the last three. */
function withoutSplitCharacter(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

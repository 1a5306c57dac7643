import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_MEDIA_TYPE } from '../../../src/domain/evidence';
import { SNIFF_LENGTH, sniffMediaType } from './sniff-media-type';

/** Real files made by ffmpeg, named with a misleading extension-free name: only content counts. */
const FFMPEG_SAMPLES: readonly [string, string[], string][] = [
  [
    'mp4 (H.264)',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x48', '-c:v', 'libx264', '-f', 'mp4'],
    'video/mp4',
  ],
  [
    'mov',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x48', '-c:v', 'mjpeg', '-f', 'mov'],
    'video/quicktime',
  ],
  [
    '3gp',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=176x144', '-c:v', 'mpeg4', '-f', '3gp'],
    'video/3gpp',
  ],
  ['m4a (AAC)', ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'aac', '-f', 'ipod'], 'audio/mp4'],
  [
    'webm (VP8)',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x48', '-c:v', 'libvpx', '-f', 'webm'],
    'video/webm',
  ],
  [
    'matroska',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x48', '-c:v', 'mjpeg', '-f', 'matroska'],
    'video/x-matroska',
  ],
  [
    'ogg (Theora)',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x48', '-c:v', 'libtheora', '-f', 'ogg'],
    'video/ogg',
  ],
  [
    'ogg (FLAC audio)',
    ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'flac', '-f', 'ogg'],
    'audio/ogg',
  ],
  ['wav', ['-f', 'lavfi', '-i', 'sine=d=0.2', '-f', 'wav'], 'audio/wav'],
  [
    'avi',
    ['-f', 'lavfi', '-i', 'testsrc=d=0.2:s=64x48', '-c:v', 'mjpeg', '-f', 'avi'],
    'video/x-msvideo',
  ],
  ['flac', ['-f', 'lavfi', '-i', 'sine=d=0.2', '-f', 'flac'], 'audio/flac'],
  [
    'MPEG audio (layer II) without ID3 tag',
    ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'mp2', '-f', 'mp2'],
    'audio/mpeg',
  ],
  ['adts aac', ['-f', 'lavfi', '-i', 'sine=d=0.2', '-c:a', 'aac', '-f', 'adts'], 'audio/aac'],
  [
    'jpeg',
    ['-f', 'lavfi', '-i', 'testsrc=s=64x48', '-frames:v', '1', '-c:v', 'mjpeg', '-f', 'image2'],
    'image/jpeg',
  ],
  [
    'png',
    ['-f', 'lavfi', '-i', 'testsrc=s=64x48', '-frames:v', '1', '-c:v', 'png', '-f', 'image2'],
    'image/png',
  ],
  ['gif', ['-f', 'lavfi', '-i', 'testsrc=s=64x48', '-frames:v', '1', '-f', 'gif'], 'image/gif'],
  [
    'webp',
    ['-f', 'lavfi', '-i', 'testsrc=s=64x48', '-frames:v', '1', '-c:v', 'libwebp', '-f', 'webp'],
    'image/webp',
  ],
  [
    'tiff',
    ['-f', 'lavfi', '-i', 'testsrc=s=64x48', '-frames:v', '1', '-c:v', 'tiff', '-f', 'image2'],
    'image/tiff',
  ],
];

let directory: string;
const samples = new Map<string, Buffer>();

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'depter-sniff-'));
  for (const [name, args] of FFMPEG_SAMPLES) {
    const path = join(directory, `sample-${samples.size}`);
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, path], { stdio: 'pipe' });
    samples.set(name, readFileSync(path));
  }
}, 60_000);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const bytes = (...parts: (string | number[] | Buffer)[]): Buffer =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'string'
        ? Buffer.from(part, 'latin1')
        : Buffer.isBuffer(part)
          ? part
          : Buffer.from(part),
    ),
  );

function ftyp(major: string, ...compatible: string[]): Buffer {
  const box = bytes([0, 0, 0, 0], 'ftyp', major, [0, 0, 0, 0], ...compatible);
  box.writeUInt32BE(box.length, 0);
  return Buffer.concat([box, Buffer.alloc(64)]);
}

function zipWithFirstEntry(name: string, content = ''): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return bytes(header, name, content, [0x50, 0x4b, 0x01, 0x02]);
}

describe('sniffMediaType on real files', () => {
  it.each(FFMPEG_SAMPLES.map(([name, , type]) => [name, type] as const))(
    '%s → %s',
    (name, type) => {
      expect(sniffMediaType(samples.get(name)!)).toBe(type);
    },
  );

  it('only the first SNIFF_LENGTH bytes matter', () => {
    const video = samples.get('mp4 (H.264)')!;
    expect(
      sniffMediaType(Buffer.concat([video, Buffer.alloc(SNIFF_LENGTH)]).subarray(0, SNIFF_LENGTH)),
    ).toBe('video/mp4');
  });
});

describe('sniffMediaType on signatures', () => {
  it.each<[string, Buffer, string]>([
    ['ftyp isom', ftyp('isom', 'iso2', 'avc1', 'mp41'), 'video/mp4'],
    ['ftyp M4A', ftyp('M4A ', 'M4A ', 'mp42'), 'audio/mp4'],
    ['ftyp 3g2a', ftyp('3g2a'), 'video/3gpp2'],
    ['ftyp heic', ftyp('heic', 'mif1', 'heic'), 'image/heic'],
    ['ftyp mif1 with heic', ftyp('mif1', 'mif1', 'heic'), 'image/heic'],
    ['ftyp avif', ftyp('avif', 'mif1'), 'image/avif'],
    [
      'QuickTime without ftyp',
      bytes([0, 0, 0, 8], 'wide', [0, 0, 0, 16], 'mdat'),
      'video/quicktime',
    ],
    [
      'MP3 with ID3v2',
      bytes('ID3', [3, 0, 0, 0, 0, 0, 10], Buffer.alloc(20).toString('latin1')),
      'audio/mpeg',
    ],
    [
      'MP3 frame sync (MPEG-1 layer III, 128 kbit/s)',
      bytes([0xff, 0xfb, 0x90, 0x64], 'x'.repeat(50)),
      'audio/mpeg',
    ],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'application/pdf'],
    [
      'DOCX',
      zipWithFirstEntry('[Content_Types].xml', '<Types/>word/document.xml'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'XLSX',
      zipWithFirstEntry('[Content_Types].xml', 'xl/workbook.xml'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    [
      'ODT',
      zipWithFirstEntry('mimetype', 'application/vnd.oasis.opendocument.textPK'),
      'application/vnd.oasis.opendocument.text',
    ],
    ['plain ZIP', zipWithFirstEntry('photo.jpg', '\xff\xd8\xff'), 'application/zip'],
    ['gzip', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), 'application/gzip'],
    [
      'old Word (OLE)',
      bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'application/x-ole-storage',
    ],
    ['RIFF of another kind', bytes('RIFF', [0, 0, 0, 0], 'CDXA'), UNKNOWN_MEDIA_TYPE],
  ])('%s', (_name, head, type) => {
    expect(sniffMediaType(head)).toBe(type);
  });
});

describe('sniffMediaType on text and unknown content', () => {
  it('UTF-8 text in Kyrgyz, Russian and English is text/plain', () => {
    const text = 'Бишкек, 18-март: 105 адам кармалды.\nЗадержаны 105 человек.\r\n105 detained.\t\n';
    expect(sniffMediaType(Buffer.from(text))).toBe('text/plain');
  });

  it('text cut inside a multi-byte character at the sniff limit is still text', () => {
    const text = Buffer.from('ж'.repeat(SNIFF_LENGTH));
    expect(sniffMediaType(text.subarray(0, SNIFF_LENGTH - 1), false)).toBe('text/plain');
  });

  it('the same cut in a complete file is not valid UTF-8', () => {
    const text = Buffer.from('жж');
    expect(sniffMediaType(text.subarray(0, 3), true)).toBe(UNKNOWN_MEDIA_TYPE);
  });

  it('HTML is never a media type, whatever the file is called', () => {
    expect(sniffMediaType(Buffer.from('<!doctype html><script>alert(1)</script>'))).toBe(
      'text/plain',
    );
  });

  it.each<[string, Buffer]>([
    ['empty', Buffer.alloc(0)],
    ['random binary', Buffer.from([0x00, 0x13, 0x37, 0xfe, 0x80, 0x81, 0x00, 0x01])],
    ['Latin-1 text that is not UTF-8', Buffer.from('caf\xe9 cr\xe8me', 'latin1')],
    ['a control character in text', Buffer.from('line one\u0001line two')],
    ['a false frame sync (reserved MPEG version)', bytes([0xff, 0xeb, 0x90, 0x64])],
    ['a truncated ftyp', bytes([0, 0, 0, 20], 'ftyp')],
  ])('%s is unknown', (_name, head) => {
    expect(sniffMediaType(head)).toBe(UNKNOWN_MEDIA_TYPE);
  });
});

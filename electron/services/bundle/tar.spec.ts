import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, pseudoRandomBytes, removeDir } from './bundle-fixtures.testing';
import { BundleError } from './errors';
import { BLOCK_SIZE, encodeHeader, paxRecord, writeChecksum } from './tar-header';
import { readTar, type TarReadOptions } from './tar-reader';
import { paddingLength, writeTar } from './tar-writer';

const anyName: TarReadOptions = {
  isAllowedFile: () => true,
  isAllowedDirectory: () => true,
};

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('depter-tar-');
});
afterEach(async () => {
  await removeDir(dir);
});

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

async function readAll(
  tar: Buffer,
  rules: TarReadOptions = anyName,
): Promise<{ name: string; data: Buffer }[]> {
  const out: { name: string; data: Buffer }[] = [];
  for await (const entry of readTar(once(tar), rules)) {
    out.push({ name: entry.name, data: await collect(entry.body) });
  }
  return out;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BundleError) return error.code;
    throw error;
  }
  throw new Error('expected a BundleError');
}

/** A raw entry: header (any fields), data and zero padding; no checks at all. */
function rawEntry(name: string | Buffer, data: Buffer, typeflag = '0', size = data.length): Buffer {
  const header = encodeHeader({
    name: typeof name === 'string' ? Buffer.from(name) : name,
    size,
    mtime: 0,
    typeflag,
  });
  return Buffer.concat([header, data, Buffer.alloc(paddingLength(data.length))]);
}

function paxEntry(records: Buffer[]): Buffer {
  return rawEntry('PaxHeader', Buffer.concat(records), 'x');
}

const END = Buffer.alloc(2 * BLOCK_SIZE);

async function ourTar(entries: { name: string; data: Buffer }[]): Promise<Buffer> {
  return collect(
    writeTar(
      entries.map((entry) => ({ name: entry.name, size: entry.data.length, data: entry.data })),
      1_700_000_000,
    ),
  );
}

describe('writeTar', () => {
  it('writes archives GNU tar lists and extracts byte for byte, long names included', async () => {
    const longName = `evidence/${'a'.repeat(120)}.bin`;
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{}') },
      { name: 'empty.txt', data: Buffer.alloc(0) },
      { name: 'block.bin', data: pseudoRandomBytes(BLOCK_SIZE, 1) },
      { name: longName, data: pseudoRandomBytes(70_001, 2) },
      { name: 'кириллица.txt', data: Buffer.from('Бишкек') },
    ];
    const tarPath = join(dir, 'x.tar');
    await writeFile(tarPath, await ourTar(entries));
    const listed = execFileSync('tar', ['-tf', tarPath], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(entries.map((entry) => entry.name));
    const out = join(dir, 'out');
    await mkdir(out);
    execFileSync('tar', ['-xf', tarPath, '-C', out]);
    for (const entry of entries) {
      expect((await readFile(join(out, entry.name))).equals(entry.data)).toBe(true);
    }
    expect(await readAll(await readFile(tarPath))).toEqual(entries);
  });

  it('is deterministic and refuses unsafe names and data of the wrong size', async () => {
    const entries = [{ name: 'a.txt', data: Buffer.from('x') }];
    expect((await ourTar(entries)).equals(await ourTar(entries))).toBe(true);
    await expect(ourTar([{ name: '../a', data: Buffer.alloc(1) }])).rejects.toThrow(RangeError);
    await expect(
      collect(writeTar([{ name: 'a', size: 2, data: Buffer.alloc(1) }], 0)),
    ).rejects.toThrow(/less data/);
    await expect(
      collect(writeTar([{ name: 'a', size: 1, data: Buffer.alloc(2) }], 0)),
    ).rejects.toThrow(/more data/);
  });
});

describe('readTar accepts', () => {
  it('archives made by GNU tar in ustar, gnu and posix formats, padded to a record', async () => {
    const src = join(dir, 'src');
    await mkdir(join(src, 'evidence'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'hello');
    await writeFile(join(src, 'evidence', 'b.bin'), pseudoRandomBytes(3000, 3));
    for (const format of ['ustar', 'gnu', 'posix']) {
      const tarPath = join(dir, `${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', tarPath, '-C', src, 'a.txt', 'evidence']);
      const entries = await readAll(await readFile(tarPath));
      expect(entries.map((entry) => entry.name)).toEqual(['a.txt', 'evidence/b.bin']);
      expect(entries[1]!.data.equals(pseudoRandomBytes(3000, 3))).toBe(true);
    }
  });

  it('a pax size record overriding the header size', async () => {
    const tar = Buffer.concat([
      paxEntry([paxRecord('size', '5')]),
      rawEntry('a.txt', Buffer.from('hello'), '0', 0),
      END,
    ]);
    expect(await readAll(tar)).toEqual([{ name: 'a.txt', data: Buffer.from('hello') }]);
  });

  it('streams a large entry in bounded pieces, never the whole file at once', async () => {
    const size = 5 * 1024 * 1024;
    const tarStream = writeTar([{ name: 'big.bin', size, data: chunked(size) }], 0);
    let largest = 0;
    let total = 0;
    for await (const entry of readTar(tarStream, anyName)) {
      for await (const piece of entry.body) {
        largest = Math.max(largest, piece.length);
        total += piece.length;
      }
    }
    expect(total).toBe(size);
    expect(largest).toBeLessThanOrEqual(64 * 1024);
  });
});

async function* chunked(size: number): AsyncGenerator<Buffer> {
  for (let done = 0; done < size; done += 1 << 20)
    yield Buffer.alloc(Math.min(1 << 20, size - done));
}

describe('readTar rejects, each with its own code', () => {
  const file = rawEntry('a.txt', Buffer.from('data'));

  it('a bad checksum', async () => {
    const tar = Buffer.concat([file, END]);
    tar[10] = tar[10]! ^ 1;
    expect(await codeOf(readAll(tar))).toBe('TAR_BAD_CHECKSUM');
  });

  it('a header that is not ustar, and a malformed size field', async () => {
    const v7 = Buffer.concat([file, END]);
    v7.write('xxxxx', 257, 'latin1');
    writeChecksum(v7.subarray(0, BLOCK_SIZE));
    expect(await codeOf(readAll(v7))).toBe('TAR_BAD_HEADER');
    const badSize = Buffer.concat([file, END]);
    badSize.write('9', 124, 'latin1');
    writeChecksum(badSize.subarray(0, BLOCK_SIZE));
    expect(await codeOf(readAll(badSize))).toBe('TAR_BAD_HEADER');
  });

  it.each([
    ['../escape.txt'],
    ['evidence/../../escape.txt'],
    ['/etc/passwd'],
    ['evidence\\x.bin'],
    ['a//b'],
    ['./a'],
    ['C:/x'],
    ['e\u0301.txt'], // decomposed é: not NFC
    ['a\u0001b'],
  ])('the unsafe name %j', async (name) => {
    expect(await codeOf(readAll(Buffer.concat([rawEntry(name, Buffer.from('x')), END])))).toBe(
      'TAR_UNSAFE_NAME',
    );
  });

  it('a NUL inside a pax path and a name that is not UTF-8', async () => {
    const nul = Buffer.concat([
      paxEntry([paxRecord('path', 'a\u0000b')]),
      rawEntry('a', Buffer.from('x')),
      END,
    ]);
    expect(await codeOf(readAll(nul))).toBe('TAR_UNSAFE_NAME');
    const latin = Buffer.concat([rawEntry(Buffer.from([0x61, 0xff]), Buffer.from('x')), END]);
    expect(await codeOf(readAll(latin))).toBe('TAR_UNSAFE_NAME');
  });

  it('a safe name outside the allow-list', async () => {
    const rules = {
      isAllowedFile: (name: string) => name === 'ok',
      isAllowedDirectory: () => false,
    };
    expect(await codeOf(readAll(Buffer.concat([file, END]), rules))).toBe('TAR_NAME_NOT_ALLOWED');
  });

  it.each([['1'], ['2']])('a link (type %s)', async (type) => {
    expect(await codeOf(readAll(Buffer.concat([rawEntry('l', Buffer.alloc(0), type), END])))).toBe(
      'TAR_LINK',
    );
  });

  it.each([['3'], ['4'], ['6']])('a device or FIFO (type %s)', async (type) => {
    expect(await codeOf(readAll(Buffer.concat([rawEntry('d', Buffer.alloc(0), type), END])))).toBe(
      'TAR_SPECIAL_FILE',
    );
  });

  it('a directory with content', async () => {
    const tar = Buffer.concat([rawEntry('evidence/', Buffer.from('hidden'), '5'), END]);
    expect(await codeOf(readAll(tar))).toBe('TAR_DIRECTORY_PAYLOAD');
  });

  it.each([['S'], ['L'], ['g'], ['7']])('an unsupported entry type %s', async (type) => {
    expect(await codeOf(readAll(Buffer.concat([rawEntry('x', Buffer.alloc(0), type), END])))).toBe(
      'TAR_UNSUPPORTED_ENTRY',
    );
  });

  it('a pax key other than path, size and times', async () => {
    const tar = Buffer.concat([paxEntry([paxRecord('linkpath', '/etc')]), file, END]);
    expect(await codeOf(readAll(tar))).toBe('TAR_UNSUPPORTED_ENTRY');
  });

  it('a duplicate name', async () => {
    expect(await codeOf(readAll(Buffer.concat([file, file, END])))).toBe('TAR_DUPLICATE');
  });

  it('a declared size far beyond the data', async () => {
    const header = encodeHeader({ name: Buffer.from('a'), size: 2 ** 33, mtime: 0, typeflag: '0' });
    const tar = Buffer.concat([header, Buffer.alloc(4096)]);
    expect(await codeOf(readAll(tar))).toBe('TAR_SIZE_BEYOND_DATA');
  });

  it('a stream cut inside a header, or without its end marker', async () => {
    expect(await codeOf(readAll(file.subarray(0, 100)))).toBe('TAR_TRUNCATED');
    expect(await codeOf(readAll(file))).toBe('TAR_TRUNCATED');
    expect(await codeOf(readAll(Buffer.concat([file, Buffer.alloc(BLOCK_SIZE)])))).toBe(
      'TAR_TRUNCATED',
    );
  });

  it('non-zero padding', async () => {
    const tar = Buffer.concat([file, END]);
    tar[BLOCK_SIZE + 10] = 1;
    expect(await codeOf(readAll(tar))).toBe('TAR_BAD_PADDING');
  });

  it('anything but zeros after the end of the archive', async () => {
    expect(
      await codeOf(readAll(Buffer.concat([file, END, Buffer.alloc(BLOCK_SIZE), Buffer.from('x')]))),
    ).toBe('TAR_TRAILING_GARBAGE');
    expect(await codeOf(readAll(Buffer.concat([file, Buffer.alloc(BLOCK_SIZE), file, END])))).toBe(
      'TAR_TRAILING_GARBAGE',
    );
    expect(await readAll(Buffer.concat([file, END, Buffer.alloc(8192)]))).toHaveLength(1);
  });

  it('a malformed pax record', async () => {
    const tar = Buffer.concat([paxEntry([Buffer.from('99 path=a\n')]), file, END]);
    expect(await codeOf(readAll(tar))).toBe('TAR_BAD_HEADER');
  });
});

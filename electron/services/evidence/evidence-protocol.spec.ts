import { randomBytes, randomInt } from 'node:crypto';
import { open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE } from '../age/stream';
import {
  createEvidenceRequestHandler,
  EVIDENCE_SCHEME,
  parseRange,
  PlaybackTokens,
} from './evidence-protocol';
import { EvidenceStore } from './evidence-store';
import { EvidenceError, type EvidenceReader } from './evidence-store-types';
import {
  fakeMp4,
  incomingPathOf,
  makeEvidenceKeys,
  TempFolders,
  writeSource,
} from './evidence-test-support.testing';

const folders = new TempFolders();
afterEach(() => folders.removeAll());

const SIZE = 3 * 1024 * 1024 + 12_345;

/** A stored multi-MB "video", a token for it, and the handler as main would register it. */
async function serve(content: Buffer = fakeMp4(SIZE)) {
  const root = await folders.make();
  const directory = join(root, 'evidence');
  const store = new EvidenceStore({ directory });
  const keys = makeEvidenceKeys();
  const { sha256 } = await store.attach(await writeSource(root, 'clip', content), keys);
  const tokens = new PlaybackTokens();
  const opened: EvidenceReader[] = [];
  const closed = new Set<EvidenceReader>();
  const handler = createEvidenceRequestHandler({
    tokens,
    openReader: async (sha) => {
      const reader = await store.openReader(sha, keys);
      const tracked: EvidenceReader = {
        size: reader.size,
        mime: reader.mime,
        read: (start, end) => reader.read(start, end),
        close: async () => {
          closed.add(tracked);
          await reader.close();
        },
      };
      opened.push(tracked);
      return tracked;
    },
  });
  const url = tokens.issue(sha256);
  const get = (headers: Record<string, string> = {}, method = 'GET') =>
    handler(new Request(url, { method, headers }));
  const allClosed = () => opened.every((reader) => closed.has(reader));
  return {
    content,
    tokens,
    handler,
    url,
    get,
    allClosed,
    path: incomingPathOf(directory, keys, sha256),
  };
}

async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

function expectSafeHeaders(response: Response): void {
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(response.headers.get('Cache-Control')).toBe('no-store');
}

describe('PlaybackTokens', () => {
  it('issues an unguessable URL on the evidence scheme, the same one until cleared', () => {
    const tokens = new PlaybackTokens();
    const sha = 'a'.repeat(64);
    const url = tokens.issue(sha);
    expect(url).toMatch(new RegExp(`^${EVIDENCE_SCHEME}://media/[A-Za-z0-9_-]{43}$`));
    expect(url).not.toContain(sha);
    expect(tokens.issue(sha)).toBe(url);
    expect(tokens.issue('b'.repeat(64))).not.toBe(url);
    const token = url.split('/').at(-1)!;
    expect(tokens.resolve(token)).toBe(sha);
    tokens.clear();
    expect(tokens.resolve(token)).toBeUndefined();
    expect(tokens.issue(sha)).not.toBe(url);
  });
});

describe('parseRange', () => {
  it.each<[string | null, number, ReturnType<typeof parseRange>]>([
    [null, 100, null],
    ['bytes=0-9', 100, { first: 0, last: 9 }],
    ['bytes=90-', 100, { first: 90, last: 99 }],
    ['bytes=-10', 100, { first: 90, last: 99 }],
    ['bytes=-1000', 100, { first: 0, last: 99 }],
    ['bytes=50-5000', 100, { first: 50, last: 99 }],
    ['BYTES = 1-2', 100, { first: 1, last: 2 }],
    ['bytes=1-2, 5-9', 100, { first: 1, last: 2 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=5-4', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=-', 100, 'unsatisfiable'],
    ['bytes=a-b', 100, 'unsatisfiable'],
    ['bytes=-5-', 100, 'unsatisfiable'],
    ['items=0-1', 100, 'unsatisfiable'],
    ['bytes=0-0', 0, 'unsatisfiable'],
    ['', 100, 'unsatisfiable'],
  ])('%j of %i bytes → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('the evidence request handler', () => {
  it('GET without Range: 200, the whole plaintext, safe headers', async () => {
    const { get, content, allClosed } = await serve();
    const response = await get();
    expect(response.status).toBe(200);
    expectSafeHeaders(response);
    expect(response.headers.get('Content-Type')).toBe('video/mp4');
    expect(response.headers.get('Content-Length')).toBe(String(SIZE));
    expect(response.headers.get('Accept-Ranges')).toBe('bytes');
    expect(response.headers.get('Content-Range')).toBeNull();
    expect((await bodyOf(response)).equals(content)).toBe(true);
    expect(allClosed()).toBe(true);
  });

  it('streams the body piece by piece rather than in one buffer', async () => {
    const { get } = await serve();
    const reader = (await get()).body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeLessThanOrEqual(4 * CHUNK_SIZE);
    await reader.cancel();
  });

  it('60 random ranges return exactly those plaintext bytes', async () => {
    const { get, content, allClosed } = await serve();
    for (let index = 0; index < 60; index++) {
      const first = randomInt(0, SIZE);
      const last = Math.min(SIZE - 1, first + randomInt(0, index % 3 === 0 ? 300_000 : 2_000));
      const response = await get({ Range: `bytes=${first}-${last}` });
      expect(response.status).toBe(206);
      expect(response.headers.get('Content-Range')).toBe(`bytes ${first}-${last}/${SIZE}`);
      expect(response.headers.get('Content-Length')).toBe(String(last - first + 1));
      expectSafeHeaders(response);
      expect((await bodyOf(response)).equals(content.subarray(first, last + 1))).toBe(true);
    }
    expect(allClosed()).toBe(true);
  });

  it('ranges across chunk boundaries, open-ended and suffix ranges', async () => {
    const { get, content } = await serve();
    const cases: [string, number, number][] = [
      [`bytes=${CHUNK_SIZE - 1}-${CHUNK_SIZE}`, CHUNK_SIZE - 1, CHUNK_SIZE],
      [`bytes=${SIZE - 70_000}-`, SIZE - 70_000, SIZE - 1],
      ['bytes=-5000', SIZE - 5000, SIZE - 1],
      [`bytes=-${SIZE + 10}`, 0, SIZE - 1],
      [`bytes=10-${SIZE + 1000}`, 10, SIZE - 1],
      ['bytes=0-0', 0, 0],
      [`bytes=${SIZE - 1}-`, SIZE - 1, SIZE - 1],
    ];
    for (const [range, first, last] of cases) {
      const response = await get({ Range: range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get('Content-Range')).toBe(`bytes ${first}-${last}/${SIZE}`);
      expect((await bodyOf(response)).equals(content.subarray(first, last + 1)), range).toBe(true);
    }
  });

  it('several ranges: only the first is served', async () => {
    const { get, content } = await serve();
    const response = await get({ Range: 'bytes=100-199, 1000-1099' });
    expect(response.status).toBe(206);
    expect(response.headers.get('Content-Range')).toBe(`bytes 100-199/${SIZE}`);
    expect((await bodyOf(response)).equals(content.subarray(100, 200))).toBe(true);
  });

  it.each([
    `bytes=${SIZE}-`,
    `bytes=${SIZE + 5}-${SIZE + 10}`,
    'bytes=9-3',
    'bytes=x',
    'lines=1-2',
  ])('%s: 416 with Content-Range bytes */size', async (range) => {
    const { get, allClosed } = await serve();
    const response = await get({ Range: range });
    expect(response.status).toBe(416);
    expect(response.headers.get('Content-Range')).toBe(`bytes */${SIZE}`);
    expectSafeHeaders(response);
    expect(allClosed()).toBe(true);
  });

  it('HEAD: the headers of GET and no body', async () => {
    const { get, allClosed } = await serve();
    const whole = await get({}, 'HEAD');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('Content-Length')).toBe(String(SIZE));
    expect(whole.body).toBeNull();
    const part = await get({ Range: 'bytes=10-19' }, 'HEAD');
    expect(part.status).toBe(206);
    expect(part.headers.get('Content-Range')).toBe(`bytes 10-19/${SIZE}`);
    expect(part.body).toBeNull();
    expect(allClosed()).toBe(true);
  });

  it('other methods: 405', async () => {
    const { get } = await serve();
    expect((await get({}, 'POST')).status).toBe(405);
    expect((await get({}, 'DELETE')).status).toBe(405);
  });

  it('unknown, malformed and forgotten tokens: 404', async () => {
    const { handler, url, tokens } = await serve();
    const token = url.split('/').at(-1)!;
    for (const other of [
      `${EVIDENCE_SCHEME}://media/${'A'.repeat(43)}`,
      `${EVIDENCE_SCHEME}://media/${token}/extra`,
      `${EVIDENCE_SCHEME}://other/${token}`,
      `app://depter/${token}`,
      `${EVIDENCE_SCHEME}://media/`,
    ]) {
      expect((await handler(new Request(other))).status, other).toBe(404);
    }
    expect((await handler(new Request(url))).status).toBe(200);
    tokens.clear();
    expect((await handler(new Request(url))).status).toBe(404);
  });

  it('a type the app does not play: 403, nothing decrypted is sent', async () => {
    const { get, allClosed } = await serve(Buffer.from('<!doctype html><script>alert(1)</script>'));
    const response = await get();
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('script');
    expect(allClosed()).toBe(true);
  });

  it('a flipped byte in a middle chunk: the body errors after the authentic bytes only', async () => {
    const { get, content, path } = await serve();
    const fileSize = (await stat(path)).size;
    const damagedChunk = 20;
    const payloadStart = fileSize - Math.ceil(SIZE / CHUNK_SIZE) * 16 - SIZE;
    const handle = await open(path, 'r+');
    const position = payloadStart + damagedChunk * ENCRYPTED_CHUNK_SIZE + 500;
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    await handle.write(Buffer.from([byte[0]! ^ 0x80]), 0, 1, position);
    await handle.close();

    const response = await get();
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const received: Uint8Array[] = [];
    const failure = await (async () => {
      for (;;) {
        try {
          const { done, value } = await reader.read();
          if (done) return undefined;
          received.push(value);
        } catch (error) {
          return error;
        }
      }
    })();
    expect(failure).toBeInstanceOf(EvidenceError);
    expect((failure as EvidenceError).code).toBe('DAMAGED');
    const delivered = Buffer.concat(received);
    expect(delivered.length).toBeLessThanOrEqual(damagedChunk * CHUNK_SIZE);
    expect(delivered.equals(content.subarray(0, delivered.length))).toBe(true);

    // Ranges that do not touch the damaged chunk still play; one that does fails the same way.
    const before = await get({ Range: 'bytes=0-99' });
    expect((await bodyOf(before)).equals(content.subarray(0, 100))).toBe(true);
    const across = await get({ Range: `bytes=${damagedChunk * CHUNK_SIZE}-` });
    expect(across.status).toBe(206);
    await expect(across.arrayBuffer()).rejects.toBeInstanceOf(EvidenceError);
  });

  it('a truncated stored file: 500, no body bytes', async () => {
    const { get, path } = await serve();
    await truncate(path, (await stat(path)).size - 1);
    const response = await get();
    expect(response.status).toBe(500);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/plain/);
  });

  it('a stored file deleted meanwhile: 404; locked: 403', async () => {
    const tokens = new PlaybackTokens();
    const url = tokens.issue('c'.repeat(64));
    const failWith = (code: 'MISSING' | 'LOCKED') =>
      createEvidenceRequestHandler({
        tokens,
        openReader: async () => {
          throw new EvidenceError(code, 'test');
        },
      });
    expect((await failWith('MISSING')(new Request(url))).status).toBe(404);
    expect((await failWith('LOCKED')(new Request(url))).status).toBe(403);
  });

  it('binary content of no known type: 403', async () => {
    const content = randomBytes(1000);
    // A leading 0xFF could pass for MPEG audio; a zero byte matches no signature.
    content[0] = 0;
    const { get } = await serve(content);
    expect((await get()).status).toBe(403);
  });
});

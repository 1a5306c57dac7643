import { randomBytes } from 'node:crypto';
import { playbackKindOf } from '../../../src/domain/evidence';
import { CHUNK_SIZE } from '../age/stream';
import { isEvidenceError, type EvidenceReader } from './evidence-store-types';

/**
 * The evidence scheme's request handler, without Electron: main passes it to
 * `protocol.handle`, tests call it with Fetch API Requests. A URL names a
 * stored file by an unguessable token valid until the next lock, never by
 * its hash, so a page cannot probe whether a known file is in the store.
 * Plaintext leaves the store only as the bytes a request asked for, from
 * chunks that authenticated, and only for types the app plays itself.
 */

export const EVIDENCE_SCHEME = 'depter-evidence';
export const EVIDENCE_HOST = 'media';

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Four STREAM chunks per body piece: seeking decrypts little, streaming makes few calls. */
const BODY_PIECE_SIZE = 4 * CHUNK_SIZE;

export class PlaybackTokens {
  private readonly shaByToken = new Map<string, string>();
  private readonly tokenBySha = new Map<string, string>();

  /** The playback URL for a stored file; the same one until `clear`. */
  issue(sha256: string): string {
    let token = this.tokenBySha.get(sha256);
    if (token === undefined) {
      token = randomBytes(TOKEN_BYTES).toString('base64url');
      this.tokenBySha.set(sha256, token);
      this.shaByToken.set(token, sha256);
    }
    return `${EVIDENCE_SCHEME}://${EVIDENCE_HOST}/${token}`;
  }

  resolve(token: string): string | undefined {
    return this.shaByToken.get(token);
  }

  /** At lock: every URL issued so far stops working. */
  clear(): void {
    this.shaByToken.clear();
    this.tokenBySha.clear();
  }
}

export interface EvidenceRequestDeps {
  tokens: Pick<PlaybackTokens, 'resolve'>;
  /**
   * Opens a stored file with the current session's keys; rejects with
   * EvidenceError LOCKED, MISSING or DAMAGED.
   */
  openReader(sha256: string): Promise<EvidenceReader>;
}

/** An inclusive byte range, as in Content-Range. */
export interface ByteRange {
  first: number;
  last: number;
}

/**
 * Reads a Range header against a file of `size` bytes: null when there is
 * none (the whole file), 'unsatisfiable' when it is malformed or asks for
 * nothing that exists. Of several ranges only the first is served: media
 * elements ask for one, and a multipart answer is not worth its risk.
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === null) return null;
  const match = /^\s*bytes\s*=\s*([^,]*)/i.exec(header);
  const spec = match?.[1]?.trim();
  if (spec === undefined) return 'unsatisfiable';
  const parts = /^(\d*)-(\d*)$/.exec(spec);
  if (parts === null) return 'unsatisfiable';
  const [, from = '', to = ''] = parts;
  if (from === '' && to === '') return 'unsatisfiable';
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { first: Math.max(0, size - suffix), last: size - 1 };
  }
  const first = Number(from);
  const last = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (first >= size || (to !== '' && Number(to) < first)) return 'unsatisfiable';
  return { first, last };
}

export function createEvidenceRequestHandler(
  deps: EvidenceRequestDeps,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    }
    const sha256 = tokenOf(request.url, deps.tokens);
    if (sha256 === undefined) return plain(404, 'Not found');

    let reader: EvidenceReader;
    try {
      reader = await deps.openReader(sha256);
    } catch (error) {
      return openFailure(error);
    }
    let handedOver = false;
    try {
      if (playbackKindOf(reader.mime) === null) return plain(403, 'Not a playable type');
      const range = parseRange(request.headers.get('Range'), reader.size);
      if (range === 'unsatisfiable') {
        return plain(416, 'Range not satisfiable', { 'Content-Range': `bytes */${reader.size}` });
      }
      const { first, last } = range ?? { first: 0, last: reader.size - 1 };
      const length = last - first + 1;
      const headers: Record<string, string> = {
        ...SAFE_HEADERS,
        'Content-Type': reader.mime,
        'Content-Length': String(length),
        'Accept-Ranges': 'bytes',
      };
      if (range !== null) headers['Content-Range'] = `bytes ${first}-${last}/${reader.size}`;
      const status = range === null ? 200 : 206;
      if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
      handedOver = true;
      return new Response(plaintextBody(reader, first, last + 1), { status, headers });
    } finally {
      if (!handedOver) await reader.close();
    }
  };
}

const SAFE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  // Opened as a page by mistake, it runs nothing and embeds nothing.
  'Content-Security-Policy': "default-src 'none'; sandbox",
} as const;

/** A body, not null: Chromium turns an empty error response into a network error page. */
function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { ...SAFE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}

function openFailure(error: unknown): Response {
  if (!isEvidenceError(error)) throw error;
  switch (error.code) {
    case 'MISSING':
      return plain(404, 'Not found');
    case 'LOCKED':
      return plain(403, 'Locked');
    case 'DAMAGED':
      return plain(500, 'The stored file is damaged');
    default:
      return plain(500, 'The stored file cannot be opened');
  }
}

function tokenOf(rawUrl: string, tokens: EvidenceRequestDeps['tokens']): string | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${EVIDENCE_SCHEME}:` || url.host !== EVIDENCE_HOST) return undefined;
  const token = url.pathname.slice(1);
  return TOKEN_PATTERN.test(token) ? tokens.resolve(token) : undefined;
}

/**
 * Plaintext [start, end) piece by piece as the consumer pulls. A chunk that
 * fails authentication errors the stream: the consumer gets what was
 * authentic before it and then an error, never the bad bytes.
 */
function plaintextBody(
  reader: EvidenceReader,
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  let position = start;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const pieceEnd = Math.min(
        end,
        (Math.floor(position / BODY_PIECE_SIZE) + 1) * BODY_PIECE_SIZE,
      );
      let piece: Buffer;
      try {
        piece = await reader.read(position, pieceEnd);
      } catch (error) {
        await reader.close().catch(() => undefined);
        controller.error(error);
        return;
      }
      position = pieceEnd;
      controller.enqueue(new Uint8Array(piece.buffer, piece.byteOffset, piece.length));
      if (position >= end) {
        controller.close();
        await reader.close();
      }
    },
    async cancel() {
      await reader.close();
    },
  });
}

import type { Table } from 'dexie';
import { z } from 'zod';
import { newId } from '../domain/ids';
import { base64ToBytes, bytesToBase64 } from './base64-bytes';
import type { DepterDatabase } from './database';
import type { RecordCodec } from './record-codec';

/**
 * The search index snapshot at rest (docs/FORMAT.md §3.3): a header and the
 * payload cut into chunks, each row sealed by the record codec under
 * additional data naming the snapshot and the part, so a chunk moved to
 * another position or mixed in from another snapshot does not open. A new
 * snapshot replaces the old one in one transaction.
 *
 * The payload is the index's text sections, each UTF-8 encoded, one after
 * the other; what they mean is the business of
 * src/incidents/search/index-snapshot.ts, whose format number is kept in
 * the header. It is stored compressed (raw DEFLATE, as base64): reading a
 * quarter of the bytes from IndexedDB and opening a quarter of the
 * ciphertext saves more time at unlock than inflating costs.
 */

/** Layout of the header and chunks; a stored snapshot of another layout is not read. */
export const SNAPSHOT_LAYOUT = 1;
/** Base64 characters of compressed payload per sealed chunk: big rows read fast, small ones seal without a long pause. */
export const SNAPSHOT_CHUNK_CHARS = 1 << 20;

/** The Dexie table (schema version 4) holding the sealed snapshot rows. */
export const SNAPSHOT_TABLE = 'searchSnapshot';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A snapshot as written and read back. */
export interface SearchSnapshot {
  /** Format of the payload, as its encoder numbers it. */
  format: number;
  /** The database change sequence the snapshot reflects: every change up to it, none after. */
  changeSeq: number;
  /** What it holds (incidents, actors, …), for checks and for the record. */
  counts: Record<string, number>;
  sections: string[];
}

export type SnapshotRead =
  | { status: 'none' }
  /** Damaged, moved, of another layout or ahead of the database: must not be used. */
  | { status: 'unusable'; reason: string }
  | { status: 'ok'; snapshot: SearchSnapshot };

export interface SnapshotWriteOptions {
  /** Awaited after sealing each chunk; must let the UI run (a macrotask). */
  yieldToUi?: () => Promise<void>;
  /** Stops the write before anything is stored. */
  signal?: AbortSignal;
}

export interface SnapshotWriteReport {
  chunks: number;
  /** Characters of payload (UTF-16 code units of the sections). */
  chars: number;
  /** Base64 characters stored in the chunks (each sealed row adds 2 quotes, a 12-byte IV and a 16-byte tag). */
  storedChars: number;
}

/** What a row holds. `snapshot` (a random id) and `part` are in clear; `body` is sealed. */
interface SnapshotRow {
  part: number;
  snapshot: string;
  body: unknown;
}

function isSnapshotRow(value: unknown): value is SnapshotRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Partial<SnapshotRow>;
  return typeof row.part === 'number' && typeof row.snapshot === 'string' && 'body' in row;
}

const countSchema = z.number().int().min(0);
const headerSchema = z.object({
  layout: z.literal(SNAPSHOT_LAYOUT),
  snapshot: z.string().min(1),
  format: z.number().int().min(1),
  changeSeq: countSchema,
  counts: z.record(z.string(), countSchema),
  /** UTF-8 bytes of each section, in order. */
  sectionBytes: z.array(countSchema),
  /** Base64 characters of the compressed payload, over all chunks. */
  packedLength: countSchema,
  chunks: countSchema,
});
type Header = z.infer<typeof headerSchema>;

const snapshotInputSchema = z.object({
  format: z.number().int().min(1),
  changeSeq: countSchema,
  counts: z.record(z.string(), countSchema),
  sections: z.array(z.string()),
});

/** Additional data of part `part` of snapshot `snapshot` (part 0 is the header). */
export function snapshotAad(snapshot: string, part: number): string {
  return `${SNAPSHOT_TABLE}:${snapshot}:${part}`;
}

/** UTF-16 code units encoded and compressed per write, so no single step holds the thread long. */
const DEFLATE_PIECE = 1 << 20;

/**
 * Every byte a stream yields, in one array. Read piece by piece: Chromium's
 * `new Response(stream).arrayBuffer()` took three to four times as long.
 */
async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = readable.getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pieces.push(value);
    length += value.length;
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
}

/**
 * Raw DEFLATE of the sections' UTF-8, one after the other, with each
 * section's length in bytes. Written to the stream piece by piece (a Blob
 * would send the whole text through the browser process and back).
 */
async function deflateSections(
  sections: readonly string[],
): Promise<{ compressed: Uint8Array; sectionBytes: number[] }> {
  const compression = new CompressionStream('deflate-raw');
  const compressed = collect(compression.readable);
  const writer = compression.writable.getWriter();
  const encoder = new TextEncoder();
  const sectionBytes: number[] = [];
  for (const text of sections) {
    let bytes = 0;
    for (let start = 0; start < text.length;) {
      let end = Math.min(start + DEFLATE_PIECE, text.length);
      // Never split a surrogate pair: each half alone would encode as U+FFFD.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      const piece = encoder.encode(text.slice(start, end));
      bytes += piece.length;
      await writer.write(piece);
      start = end;
    }
    sectionBytes.push(bytes);
  }
  await writer.close();
  return { compressed: await compressed, sectionBytes };
}

async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const decompression = new DecompressionStream('deflate-raw');
  const inflated = collect(decompression.readable);
  const writer = decompression.writable.getWriter();
  // A rejected write or close (bad data) also fails `inflated`, which is what is awaited.
  writer.write(bytes).catch(() => undefined);
  writer.close().catch(() => undefined);
  return inflated;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SearchSnapshotStore {
  constructor(
    private readonly db: DepterDatabase,
    private readonly codec: RecordCodec,
  ) {}

  private get table(): Table<SnapshotRow, number> {
    return this.db.table<SnapshotRow, number>(SNAPSHOT_TABLE);
  }

  /**
   * Seals `snapshot` chunk by chunk (yielding between chunks), then replaces
   * the stored snapshot in one transaction. Throws, storing nothing, when the
   * snapshot is malformed or claims a change sequence the database has not
   * reached.
   */
  async write(
    snapshot: SearchSnapshot,
    options: SnapshotWriteOptions = {},
  ): Promise<SnapshotWriteReport> {
    const input = snapshotInputSchema.parse(snapshot);
    const { yieldToUi, signal } = options;
    signal?.throwIfAborted();
    const id = newId();
    const { compressed, sectionBytes } = await deflateSections(input.sections);
    const packed = bytesToBase64(compressed);
    signal?.throwIfAborted();
    const chunkCount = Math.ceil(packed.length / SNAPSHOT_CHUNK_CHARS);
    const header: Header = {
      layout: SNAPSHOT_LAYOUT,
      snapshot: id,
      format: input.format,
      changeSeq: input.changeSeq,
      counts: input.counts,
      sectionBytes,
      packedLength: packed.length,
      chunks: chunkCount,
    };
    const rows: SnapshotRow[] = [
      { part: 0, snapshot: id, body: await this.codec.seal(header, snapshotAad(id, 0)) },
    ];
    for (let part = 1; part <= chunkCount; part += 1) {
      const start = (part - 1) * SNAPSHOT_CHUNK_CHARS;
      const chunk = packed.slice(start, start + SNAPSHOT_CHUNK_CHARS);
      rows.push({ part, snapshot: id, body: await this.codec.seal(chunk, snapshotAad(id, part)) });
      await yieldToUi?.();
      signal?.throwIfAborted();
    }
    await this.db.transaction('rw', [this.table, this.db.meta], async () => {
      const counter = (await this.db.meta.get('changeSeq'))?.value;
      const current = typeof counter === 'number' ? counter : 0;
      if (input.changeSeq > current) {
        throw new RangeError(
          `snapshot at change ${input.changeSeq} is ahead of the database (${current})`,
        );
      }
      await this.table.clear();
      await this.table.bulkAdd(rows);
    });
    const chars = input.sections.reduce((sum, section) => sum + section.length, 0);
    return { chunks: chunkCount, chars, storedChars: packed.length };
  }

  /**
   * The stored snapshot, checked whole: every chunk present, in place, of
   * this snapshot, opened. `prefetched` are rows read earlier straight from
   * IndexedDB (see snapshot-prefetch.ts); they get the same checks, and the
   * change sequence they are compared with is read now, so a snapshot older
   * than the database is still caught up by the caller.
   */
  async read(prefetched?: readonly unknown[] | null): Promise<SnapshotRead> {
    const [rows, counter] = await this.db.transaction('r', [this.table, this.db.meta], async () => [
      prefetched ? prefetched.filter(isSnapshotRow) : await this.table.toArray(),
      (await this.db.meta.get('changeSeq'))?.value,
    ]);
    if (rows.length === 0) return { status: 'none' };
    try {
      return {
        status: 'ok',
        snapshot: await this.open(rows, typeof counter === 'number' ? counter : 0),
      };
    } catch (error) {
      return { status: 'unusable', reason: describeError(error) };
    }
  }

  async clear(): Promise<void> {
    await this.table.clear();
  }

  private async open(rows: SnapshotRow[], databaseChangeSeq: number): Promise<SearchSnapshot> {
    const headerRow = rows.find((row) => row.part === 0);
    if (!headerRow || typeof headerRow.snapshot !== 'string') throw new Error('no header');
    const id = headerRow.snapshot;
    const header = headerSchema.parse(await this.codec.open(headerRow.body, snapshotAad(id, 0)));
    if (header.snapshot !== id) throw new Error('the header belongs to another snapshot');
    if (header.changeSeq > databaseChangeSeq) {
      throw new Error(
        `at change ${header.changeSeq}, ahead of the database (${databaseChangeSeq})`,
      );
    }
    if (rows.length !== header.chunks + 1) {
      throw new Error(`${rows.length - 1} chunks stored, ${header.chunks} written`);
    }
    const byPart = new Map(rows.map((row) => [row.part, row]));
    const chunks = await Promise.all(
      Array.from({ length: header.chunks }, async (_, at) => {
        const part = at + 1;
        const row = byPart.get(part);
        if (!row || row.snapshot !== id) throw new Error(`chunk ${part} is missing`);
        const chunk = await this.codec.open(row.body, snapshotAad(id, part));
        if (typeof chunk !== 'string') throw new Error(`chunk ${part} is not text`);
        return chunk;
      }),
    );
    const packed = chunks.join('');
    if (packed.length !== header.packedLength) {
      throw new Error(`${packed.length} characters stored, ${header.packedLength} written`);
    }
    const payload = await inflate(base64ToBytes(packed));
    const total = header.sectionBytes.reduce((sum, length) => sum + length, 0);
    if (payload.length !== total) throw new Error(`${payload.length} bytes, ${total} written`);
    // Section by section, so an all-ASCII section (the folded texts) becomes a
    // compact one-byte string even when others hold Cyrillic.
    const sections: string[] = [];
    let from = 0;
    for (const length of header.sectionBytes) {
      sections.push(utf8.decode(payload.subarray(from, from + length)));
      from += length;
    }
    return { format: header.format, changeSeq: header.changeSeq, counts: header.counts, sections };
  }
}

import type { Table } from 'dexie';
import { z } from 'zod';
import { newId } from '../domain/ids';
import type { DepterDatabase } from './database';
import type { RecordCodec } from './record-codec';

/**
 * The search index snapshot at rest (docs/FORMAT.md §3.3): a header and the
 * payload cut into chunks, each row sealed by the record codec under
 * additional data naming the snapshot and the part, so a chunk moved to
 * another position or mixed in from another snapshot does not open. A new
 * snapshot replaces the old one in one transaction.
 *
 * The payload is the index's byte sections one after the other; what they
 * mean is the business of src/incidents/search/index-snapshot.ts, whose
 * format number is kept in the header. Chunks are sealed as bytes (no JSON,
 * no base64) and opened concurrently, each copied into place as soon as it
 * is open.
 */

/** Layout of the header and chunks; a stored snapshot of another layout is not read. */
export const SNAPSHOT_LAYOUT = 2;
/** Payload bytes per sealed chunk: big rows read fast, small ones seal without a long pause. */
export const SNAPSHOT_CHUNK_BYTES = 1 << 22;
/** Whether the payload is stored as raw DEFLATE (see docs/FORMAT.md §3.3 for the measured trade-off). */
const COMPRESS = true;

/** Bytes compressed between two pauses of a write: compressing runs on the calling thread. */
export const DEFLATE_PIECE = 1 << 20;

/** The Dexie table (schema version 4) holding the sealed snapshot rows. */
export const SNAPSHOT_TABLE = 'searchSnapshot';

/** A snapshot as written and read back. */
export interface SearchSnapshot {
  /** Format of the payload, as its encoder numbers it. */
  format: number;
  /** The database change sequence the snapshot reflects: every change up to it, none after. */
  changeSeq: number;
  /** What it holds (incidents, actors, …), for checks and for the record. */
  counts: Record<string, number>;
  /** Read back as views into one buffer holding the whole payload. */
  sections: Uint8Array[];
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
  /** Bytes of payload: all sections together. */
  payloadBytes: number;
  /** Bytes sealed in the chunks (each sealed row adds a 12-byte IV and a 16-byte tag). */
  storedBytes: number;
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
  /** Bytes of each section, in order. */
  sectionBytes: z.array(countSchema),
  compression: z.enum(['none', 'deflate-raw']),
  /** Bytes stored over all chunks (compressed, when the payload is). */
  storedBytes: countSchema,
  chunks: countSchema,
});
type Header = z.infer<typeof headerSchema>;

const snapshotInputSchema = z.object({
  format: z.number().int().min(1),
  changeSeq: countSchema,
  counts: z.record(z.string(), countSchema),
  sections: z.array(z.instanceof(Uint8Array)),
});

/** Additional data of part `part` of snapshot `snapshot` (part 0 is the header). */
export function snapshotAad(snapshot: string, part: number): string {
  return `${SNAPSHOT_TABLE}:${snapshot}:${part}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The codec's byte methods, or an error naming what is missing. */
function byteMethods(codec: RecordCodec): Required<Pick<RecordCodec, 'sealBytes' | 'openBytes'>> {
  const { sealBytes, openBytes } = codec;
  if (!sealBytes || !openBytes) throw new TypeError('the record codec cannot seal bytes');
  return { sealBytes: sealBytes.bind(codec), openBytes: openBytes.bind(codec) };
}

/** The sections cut into chunks of `size` bytes, without joining them into one buffer first. */
function* chunksOf(
  sections: readonly Uint8Array[],
  size: number,
): Generator<Uint8Array<ArrayBuffer>> {
  let chunk = new Uint8Array(size);
  let filled = 0;
  for (const section of sections) {
    for (let from = 0; from < section.length;) {
      const taken = Math.min(size - filled, section.length - from);
      chunk.set(section.subarray(from, from + taken), filled);
      filled += taken;
      from += taken;
      if (filled === size) {
        yield chunk;
        chunk = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.slice(0, filled);
}

/** Raw DEFLATE of `chunks`, cut again into chunks of `size` bytes; `pause` runs after each piece compressed. */
async function deflateChunks(
  chunks: Iterable<Uint8Array<ArrayBuffer>>,
  size: number,
  pause: () => Promise<void>,
): Promise<Uint8Array<ArrayBuffer>[]> {
  const compression = new CompressionStream('deflate-raw');
  const writer = compression.writable.getWriter();
  const writing = (async () => {
    for (const chunk of chunks) {
      for (let from = 0; from < chunk.length; from += DEFLATE_PIECE) {
        await writer.write(chunk.subarray(from, from + DEFLATE_PIECE));
        await pause();
      }
    }
    await writer.close();
  })();
  writing.catch(() => undefined);
  const pieces: Uint8Array[] = [];
  const reader = compression.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pieces.push(value);
  }
  await writing;
  return [...chunksOf(pieces, size)];
}

/**
 * Copies the opened chunks, in part order, into one buffer of exactly
 * `payloadBytes`, inflating them on the way when compressed. Throws when the
 * bytes do not come out to that length.
 */
async function assemble(
  opened: readonly Promise<Uint8Array<ArrayBuffer>>[],
  compression: Header['compression'],
  payloadBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const payload = new Uint8Array(payloadBytes);
  let filled = 0;
  const place = (piece: Uint8Array): void => {
    if (filled + piece.length > payloadBytes) {
      throw new Error(`more than the ${payloadBytes} bytes written`);
    }
    payload.set(piece, filled);
    filled += piece.length;
  };
  if (compression === 'none') {
    for (const chunk of opened) place(await chunk);
  } else {
    const decompression = new DecompressionStream('deflate-raw');
    const writer = decompression.writable.getWriter();
    const writing = (async () => {
      for (const chunk of opened) await writer.write(await chunk);
      await writer.close();
    })();
    // A failed chunk also errors the stream, whose read below then throws.
    writing.catch((error: unknown) => writer.abort(error).catch(() => undefined));
    const reader = decompression.readable.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        place(value);
      }
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    }
    await writing;
  }
  if (filled !== payloadBytes) throw new Error(`${filled} bytes, ${payloadBytes} written`);
  return payload;
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
   * reached, or when the codec cannot seal bytes.
   */
  async write(
    snapshot: SearchSnapshot,
    options: SnapshotWriteOptions = {},
  ): Promise<SnapshotWriteReport> {
    const input = snapshotInputSchema.parse(snapshot);
    const { sealBytes } = byteMethods(this.codec);
    const { yieldToUi, signal } = options;
    signal?.throwIfAborted();
    const id = newId();
    const plain = chunksOf(input.sections, SNAPSHOT_CHUNK_BYTES);
    const pause = yieldToUi ?? (() => Promise.resolve());
    const chunks = COMPRESS ? await deflateChunks(plain, SNAPSHOT_CHUNK_BYTES, pause) : [...plain];
    signal?.throwIfAborted();
    const storedBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const header: Header = {
      layout: SNAPSHOT_LAYOUT,
      snapshot: id,
      format: input.format,
      changeSeq: input.changeSeq,
      counts: input.counts,
      sectionBytes: input.sections.map((section) => section.length),
      compression: COMPRESS ? 'deflate-raw' : 'none',
      storedBytes,
      chunks: chunks.length,
    };
    const rows: SnapshotRow[] = [
      { part: 0, snapshot: id, body: await this.codec.seal(header, snapshotAad(id, 0)) },
    ];
    for (const [at, chunk] of chunks.entries()) {
      const part = at + 1;
      rows.push({ part, snapshot: id, body: await sealBytes(chunk, snapshotAad(id, part)) });
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
    const payloadBytes = header.sectionBytes.reduce((sum, length) => sum + length, 0);
    return { chunks: chunks.length, payloadBytes, storedBytes };
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
    const { openBytes } = byteMethods(this.codec);
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
    // Every chunk is handed to WebCrypto at once (it decrypts off the main
    // thread); each is placed as soon as it and the ones before it are open.
    const opened = Array.from({ length: header.chunks }, async (_, at) => {
      const part = at + 1;
      const row = byPart.get(part);
      if (!row || row.snapshot !== id) throw new Error(`chunk ${part} is missing`);
      return openBytes(row.body, snapshotAad(id, part));
    });
    // Rejections are awaited in part order below; none may count as unhandled meanwhile.
    for (const chunk of opened) chunk.catch(() => undefined);
    let stored = 0;
    const counted = opened.map(async (chunk) => {
      const bytes = await chunk;
      stored += bytes.length;
      return bytes;
    });
    for (const chunk of counted) chunk.catch(() => undefined);
    const payloadBytes = header.sectionBytes.reduce((sum, length) => sum + length, 0);
    const payload = await assemble(counted, header.compression, payloadBytes);
    if (stored !== header.storedBytes) {
      throw new Error(`${stored} bytes stored, ${header.storedBytes} written`);
    }
    const sections: Uint8Array[] = [];
    let from = 0;
    for (const length of header.sectionBytes) {
      sections.push(payload.subarray(from, from + length));
      from += length;
    }
    return { format: header.format, changeSeq: header.changeSeq, counts: header.counts, sections };
  }
}

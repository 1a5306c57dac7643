import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { BundleError, type BundleErrorCode } from './errors';
import type { EventLoopSlices } from './event-loop-slices';
import { Utf8Batches } from './utf8-batches';

/**
 * The JSONL files of a bundle: one record per line, each line the canonical
 * JSON of the record and a line feed. A record is the flat form of
 * src/domain (sync fields and body fields side by side); a deleted incident
 * or actor is a tombstone, its sync fields only.
 */

// The record line schemas live in src/domain so the renderer's merge checks
// incoming lines with the very schemas this reader applied.
export {
  actorLineSchema,
  evidenceLineSchema,
  incidentLineSchema,
  type ActorLine,
  type EvidenceLine,
  type IncidentLine,
} from '../../../src/domain/bundle-lines';
export { lineageLineSchema, type LineageLine } from '../../../src/domain/exchange';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * An audit entry as the sender's device recorded it, with its payload in
 * clear: `recordHash` lets the partner check each record revision they
 * received. `hash`/`prevHash` are the device's own chain, which covers the
 * payload as sealed at rest, so a partner can compare them between bundles
 * but not recompute them.
 */
export const auditLineSchema = z.strictObject({
  seq: z.number().int().min(1),
  at: z.iso.datetime({ offset: false }),
  device: z.string().min(1).max(100),
  action: z.enum(['create', 'update', 'delete']),
  table: z.enum(['incidents', 'actors', 'evidence']),
  recordId: z.string().min(1).max(100),
  rev: z.number().int().min(1),
  recordHash: hex64,
  changed: z.array(z.string().max(100)).max(100),
  prevHash: hex64,
  hash: hex64,
});

export type AuditLine = z.infer<typeof auditLineSchema>;

/** The JSONL bytes of `records`; the writer's input is checked against the same schema as the reader's. */
export function encodeJsonl<T>(
  records: Iterable<unknown>,
  schema: z.ZodType<T>,
  fileName: string,
  code: BundleErrorCode = 'INPUT_INVALID',
): { bytes: Buffer; records: T[] } {
  const encoder = new JsonlEncoder(schema, fileName, code);
  const parsed: T[] = [];
  for (const record of records) parsed.push(encoder.add(record));
  return { bytes: encoder.finish(), records: parsed };
}

/**
 * The same, letting the event loop run between slices of records (see
 * EventLoopSlices). The checked records are not kept: `visit` sees each one
 * and keeps what its caller needs, so 10,000 incidents are not held twice
 * (as received and as checked) while the bundle is prepared.
 */
export async function encodeJsonlInSlices<T>(
  records: Iterable<unknown>,
  schema: z.ZodType<T>,
  fileName: string,
  slices: EventLoopSlices,
  visit: (record: T) => void,
  code: BundleErrorCode = 'INPUT_INVALID',
): Promise<{ bytes: Buffer; count: number }> {
  const encoder = new JsonlEncoder(schema, fileName, code);
  let count = 0;
  for (const record of records) {
    visit(encoder.add(record));
    count += 1;
    await slices.pause();
  }
  return { bytes: encoder.finish(), count };
}

class JsonlEncoder<T> {
  private readonly text = new Utf8Batches();
  private lines = 0;

  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly fileName: string,
    private readonly code: BundleErrorCode,
  ) {}

  add(record: unknown): T {
    this.lines += 1;
    const result = this.schema.safeParse(record);
    if (!result.success) throw schemaError(this.code, this.fileName, this.lines, result.error);
    this.text.append(`${canonicalJson(result.data)}\n`);
    return result.data;
  }

  finish(): Buffer {
    return this.text.finish();
  }
}

/** Parses a JSONL file strictly: fatal UTF-8, one JSON value per line, every line ended by LF. */
export function parseJsonl<T>(bytes: Buffer, schema: z.ZodType<T>, fileName: string): T[] {
  return Array.from(jsonlLines(bytes, fileName), (line, index) =>
    parseJsonlLine(line, index + 1, schema, fileName),
  );
}

/**
 * The same, letting the event loop run between slices of lines (see
 * EventLoopSlices): 10,000 incidents checked in one go held an import's
 * main process for half a second.
 */
export async function parseJsonlInSlices<T>(
  bytes: Buffer,
  schema: z.ZodType<T>,
  fileName: string,
  slices: EventLoopSlices,
): Promise<T[]> {
  const parsed: T[] = [];
  let lineNumber = 0;
  for (const line of jsonlLines(bytes, fileName)) {
    lineNumber += 1;
    parsed.push(parseJsonlLine(line, lineNumber, schema, fileName));
    await slices.pause();
  }
  return parsed;
}

const LF = 0x0a;

/**
 * The lines of a JSONL file, each decoded only when its turn comes. The
 * whole file is checked as UTF-8 first, without decoding it (so a file
 * that is not UTF-8 is refused before any line is read, as before), and a
 * line feed byte never occurs inside a multi-byte sequence, so cutting the
 * bytes at each LF gives exactly the lines of the decoded text. Decoding
 * the whole file into one string and splitting it held two more copies of
 * 10,000 incidents (as UTF-16: Cyrillic takes two bytes a character)
 * beside the records being built, the import's peak.
 */
function* jsonlLines(bytes: Buffer, fileName: string): Generator<string> {
  if (!isUtf8(bytes)) throw new BundleError('INVALID_UTF8', `${fileName} is not valid UTF-8`);
  if (bytes.length === 0) return;
  if (bytes[bytes.length - 1] !== LF) {
    throw new BundleError('INVALID_JSON', `${fileName}: the last line does not end with LF`);
  }
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(LF, start);
    // A byte order mark stays in the first line (and makes it invalid JSON), as TextDecoder's ignoreBOM kept it.
    yield bytes.toString('utf8', start, end);
    start = end + 1;
  }
}

function parseJsonlLine<T>(
  line: string,
  lineNumber: number,
  schema: z.ZodType<T>,
  fileName: string,
): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new BundleError('INVALID_JSON', `${fileName} line ${lineNumber} is not JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw schemaError('RECORD_INVALID', fileName, lineNumber, result.error);
  return result.data;
}

function schemaError(
  code: BundleErrorCode,
  fileName: string,
  line: number,
  error: z.ZodError,
): BundleError {
  // Paths and messages only: never the rejected value, which may be record content.
  const where = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
  return new BundleError(code, `${fileName} line ${line}: ${where}`);
}

/** Ids must be unique within one file: a bundle carries one revision of each record. */
export function assertUniqueIds(
  records: readonly { id: string }[],
  fileName: string,
  code: BundleErrorCode,
): void {
  const seen = new Set<string>();
  records.forEach((record, index) => {
    if (seen.has(record.id)) {
      throw new BundleError(code, `${fileName} line ${index + 1}: id appears twice`);
    }
    seen.add(record.id);
  });
}

/** Code-unit order of table, then id: the order lineage.jsonl keeps. */
export function compareLineage(
  a: { table: string; id: string },
  b: { table: string; id: string },
): number {
  if (a.table !== b.table) return a.table < b.table ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * lineage.jsonl must be in table-then-id order, one line per record, and
 * speak only of records this bundle carries: a line about anything else
 * would let a sender plant ancestry for a record the receiver holds.
 */
export function assertLineageFits(
  lines: readonly { table: 'incidents' | 'actors' | 'evidence'; id: string }[],
  carried: Record<'incidents' | 'actors' | 'evidence', ReadonlySet<string>>,
  fileName: string,
  code: BundleErrorCode,
): void {
  lines.forEach((line, index) => {
    const where = `${fileName} line ${index + 1}`;
    if (index > 0 && compareLineage(lines[index - 1]!, line) >= 0) {
      throw new BundleError(
        code,
        `${where}: not after the line before (table, then id, each once)`,
      );
    }
    if (!carried[line.table].has(line.id)) {
      throw new BundleError(code, `${where}: names a record the bundle does not carry`);
    }
  });
}

import { z, type ZodObject, type ZodType } from 'zod';
import { actorBodySchema } from '../domain/actor';
import { actorLineSchema, evidenceLineSchema, incidentLineSchema } from '../domain/bundle-lines';
import { evidenceBodySchema } from '../domain/evidence';
import { EXCHANGE_TABLES, lineageLineSchema, type ExchangeTable } from '../domain/exchange';
import { incidentBodySchema } from '../domain/incident';
// The search index's yield: a message, not setTimeout, which Chromium clamps to 4 ms when nested.
import { nextMacrotask } from '../domain/next-macrotask';
import { recordHash, type HashedRecord } from './audit-chain';

/** A bundle's records as openBundleForImport handed them over, before the merge checks them. */
export interface IncomingBundle {
  bundleId: string;
  sender: { deviceId: string; name: string; fingerprint: string };
  /** Lines exactly as openBundleForImport returned them (re-validated here with the bundle line schemas). */
  records: { incidents: unknown[]; actors: unknown[]; evidence: unknown[]; lineage: unknown[] };
  /** SHA-256s whose files this import newly staged into the store (openBundleForImport's stagedFiles). */
  stagedFiles: readonly string[];
}

/** One incoming record revision, checked, with what the merge compares. */
export interface IncomingRevision {
  table: ExchangeTable;
  /** As stored and hashed: a tombstone's body is null (also for evidence, whose line keeps its metadata). */
  revision: HashedRecord;
  hash: string;
  /** The sender's lineage for it (without its own hash). */
  lineage: ReadonlySet<string>;
  /** The file an evidence revision names. */
  sha256?: string;
}

/** A line that breaks its schema, or a bundle that repeats a record: nothing of the bundle is imported. */
export class IncomingBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncomingBundleError';
  }
}

export const LINE_SCHEMAS: Record<ExchangeTable, ZodType<{ id: string; deleted: boolean }>> = {
  incidents: incidentLineSchema,
  actors: actorLineSchema,
  evidence: evidenceLineSchema,
};

/**
 * Each line schema is the sync fields extended with exactly these shapes
 * (src/domain/bundle-lines.ts), and a body schema has no checks beyond its
 * fields': a line that passed its line schema holds a valid body already,
 * so the merge picks it out instead of parsing it again (a spec guards this).
 */
export const BODY_SCHEMAS: Record<ExchangeTable, ZodObject> = {
  incidents: incidentBodySchema,
  actors: actorBodySchema,
  evidence: evidenceBodySchema,
};

const bundleHeaderSchema = z.object({
  bundleId: z.uuid(),
  sender: z.object({
    deviceId: z.string().min(1).max(100),
    name: z.string().max(200),
    fingerprint: z.string().max(200),
  }),
  records: z.object({
    incidents: z.array(z.unknown()),
    actors: z.array(z.unknown()),
    evidence: z.array(z.unknown()),
    lineage: z.array(z.unknown()),
  }),
  stagedFiles: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});

function where(issues: readonly z.core.$ZodIssue[]): string {
  // Paths and messages only, never the rejected value: it may be record content.
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}

function parseLine<T>(schema: ZodType<T>, value: unknown, label: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new IncomingBundleError(`${label}: ${where(result.error.issues)}`);
  return result.data;
}

/** The body fields of a validated live line, as its body schema would have returned them. */
function bodyOfLine(table: ExchangeTable, line: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(BODY_SCHEMAS[table].shape)) {
    if (key in line) body[key] = line[key];
  }
  return body;
}

/** Lines checked between two turns of the event loop: a whole bundle at once stalls the window. */
const LINES_PER_SLICE = 500;

/** A line as its line schema returns it: sync fields and, when live, the body fields beside them. */
type CheckedLine = { id: string; rev: number; updatedAt: string; updatedBy: string } & {
  deleted: boolean;
} & Record<string, unknown>;

export async function readIncomingBundle(bundle: IncomingBundle): Promise<{
  header: Pick<IncomingBundle, 'bundleId' | 'sender' | 'stagedFiles'>;
  revisions: IncomingRevision[];
}> {
  const header = parseLine(bundleHeaderSchema, bundle, 'bundle');
  const lineages = new Map<string, ReadonlySet<string>>();
  for (const [index, value] of header.records.lineage.entries()) {
    if (index > 0 && index % LINES_PER_SLICE === 0) await nextMacrotask();
    const line = parseLine(lineageLineSchema, value, `lineage line ${index + 1}`);
    const key = `${line.table}:${line.id}`;
    if (lineages.has(key)) {
      throw new IncomingBundleError(`lineage line ${index + 1}: record appears twice`);
    }
    lineages.set(key, new Set(line.hashes));
  }

  const revisions: IncomingRevision[] = [];
  for (const table of EXCHANGE_TABLES) {
    const seen = new Set<string>();
    for (const [index, value] of header.records[table].entries()) {
      if (index > 0 && index % LINES_PER_SLICE === 0) await nextMacrotask();
      const label = `${table} line ${index + 1}`;
      // The line schema checks the sync fields and the body fields together: nothing is parsed twice.
      const line = parseLine(LINE_SCHEMAS[table], value, label) as CheckedLine;
      if (seen.has(line.id)) throw new IncomingBundleError(`${label}: id appears twice`);
      seen.add(line.id);
      const body = line.deleted ? null : bodyOfLine(table, line);
      const revision: HashedRecord = {
        id: line.id,
        rev: line.rev,
        updatedAt: line.updatedAt,
        updatedBy: line.updatedBy,
        deleted: line.deleted,
        body,
      };
      revisions.push({
        table,
        revision,
        hash: recordHash(revision),
        lineage: lineages.get(`${table}:${line.id}`) ?? new Set(),
        ...(table === 'evidence' && body !== null ? { sha256: body.sha256 as string } : {}),
      });
    }
  }
  return {
    header: { bundleId: header.bundleId, sender: header.sender, stagedFiles: header.stagedFiles },
    revisions,
  };
}

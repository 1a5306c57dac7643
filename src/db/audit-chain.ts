import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json';
import type { AuditEntry, AuditVerdict } from './repository-types';
import type { AuditHead } from './schema';

/*
 * SHA-256 here is synchronous on purpose: awaiting crypto.subtle inside an
 * IndexedDB transaction hands control back to the event loop and the
 * transaction commits before the audit entry is written.
 */

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The plaintext form of a record revision that `recordHash` covers: sync fields and body. */
export interface HashedRecord {
  id: string;
  rev: number;
  updatedAt: string;
  updatedBy: string;
  deleted: boolean;
  /** The record body before sealing; null for a tombstone. */
  body: unknown;
}

/**
 * SHA-256 of the record revision as written, over its plaintext so a partner
 * who receives the record can recompute it. The local `changeSeq` is left out
 * (since schema version 3): it is this device's counter, means nothing to a
 * partner, and is only known inside the write transaction, after the audit
 * payload holding this hash has been sealed.
 */
export function recordHash(record: HashedRecord): string {
  const { id, rev, updatedAt, updatedBy, deleted, body } = record;
  return sha256Hex(canonicalJson({ id, rev, updatedAt, updatedBy, deleted, body }));
}

/** What an audit entry says about the change; sealed at rest. */
export interface AuditPayload {
  recordHash: string;
  changed: string[];
}

/** The audit entry fields stored in clear: they say which record changed and when, not what it holds. */
type AuditEnvelope = Omit<AuditEntry, keyof AuditPayload | 'hash'>;

/**
 * An audit entry as stored since schema version 3: the payload is whatever
 * the codec made of `AuditPayload` (a sealed box when a vault is open).
 *
 * `hash` covers the stored payload, bytes included, not its plaintext, so
 * the chain can be verified without the records key (after a lock, by a
 * support tool) and any change to the sealed bytes breaks it. Opening the
 * payload additionally proves it was written with this key.
 */
export interface StoredAuditEntry extends AuditEnvelope {
  payload: unknown;
  hash: string;
}

/** Version 1–2 entries: recordHash and changed in clear, hashed as plaintext. Re-sealed on first unlock. */
export type LegacyAuditEntry = AuditEntry;

/** Where an audit payload is stored, as additional data for sealing. */
export function auditAad(entry: {
  table: string;
  recordId: string;
  rev: number;
  action: string;
}): string {
  return `audit:${entry.table}:${entry.recordId}:${entry.rev}:${entry.action}`;
}

/** The stored payload with byte arrays written as hex, so canonical JSON can hash it. */
function hashablePayload(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: bytesToHex(value) };
  if (value instanceof ArrayBuffer) return { $bytes: bytesToHex(new Uint8Array(value)) };
  if (Array.isArray(value)) return value.map(hashablePayload);
  if (isPlainRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hashablePayload(v)]));
  }
  return value;
}

export function hashStoredAuditEntry(entry: Omit<StoredAuditEntry, 'hash'>): string {
  return sha256Hex(hashedAuditText(entry));
}

/** The text an audit entry's hash covers: canonical JSON of its fields, payload bytes as hex. */
export function hashedAuditText(entry: Omit<StoredAuditEntry, 'hash'>): string {
  const { seq, at, device, action, table, recordId, rev, payload, prevHash } = entry;
  return canonicalJson({
    seq,
    at,
    device,
    action,
    table,
    recordId,
    rev,
    payload: hashablePayload(payload),
    prevHash,
  });
}

export function chainAuditEntry(entry: Omit<StoredAuditEntry, 'hash'>): StoredAuditEntry {
  return { ...entry, hash: hashStoredAuditEntry(entry) };
}

export function isLegacyAuditEntry(value: unknown): boolean {
  return isPlainRecord(value) && !('payload' in value) && 'recordHash' in value;
}

export type UnsealedAuditEntry = Omit<AuditEntry, 'hash'>;

/** The hash of a version 1–2 entry (plaintext payload fields). */
export function hashAuditEntry(entry: UnsealedAuditEntry): string {
  const { seq, at, device, action, table, recordId, rev, recordHash, changed, prevHash } = entry;
  return sha256Hex(
    canonicalJson({ seq, at, device, action, table, recordId, rev, recordHash, changed, prevHash }),
  );
}

/** Builds a version 1–2 entry; kept for upgrade specs that recreate old databases. */
export function sealAuditEntry(entry: UnsealedAuditEntry): AuditEntry {
  return { ...entry, hash: hashAuditEntry(entry) };
}

function canonicalOrNull(value: unknown): string | null {
  try {
    return canonicalJson(value);
  } catch {
    return null; // a damaged stored value: treat it as different from anything
  }
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Top-level body fields whose value differs between two revisions, sorted. */
export function changedFields(previousBody: unknown, nextBody: unknown): string[] {
  const previous = isPlainRecord(previousBody) ? previousBody : {};
  const next = isPlainRecord(nextBody) ? nextBody : {};
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...keys]
    .filter((key) => {
      const before = canonicalOrNull(previous[key]);
      const after = canonicalOrNull(next[key]);
      return before === null || after === null || before !== after;
    })
    .sort();
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const auditEnvelopeSchema = z.object({
  seq: z.number().int().min(1),
  at: z.string(),
  device: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  table: z.enum(['incidents', 'actors', 'evidence']),
  recordId: z.string(),
  rev: z.number().int(),
  prevHash: hex64,
  hash: hex64,
});

const legacyAuditEntrySchema = auditEnvelopeSchema.extend({
  recordHash: hex64,
  changed: z.array(z.string()),
});

const storedAuditEntrySchema = auditEnvelopeSchema.extend({ payload: z.unknown() });

/** The entry's own hash as recomputed from its content, or undefined when it is malformed. */
function recomputedHash(
  value: unknown,
): { hash: string; prevHash: string; recomputed: string } | undefined {
  if (isPlainRecord(value) && 'payload' in value) {
    const parsed = storedAuditEntrySchema.safeParse(value);
    if (!parsed.success) return undefined;
    const entry = { ...parsed.data, payload: value.payload };
    return { hash: entry.hash, prevHash: entry.prevHash, recomputed: hashStoredAuditEntry(entry) };
  }
  const parsed = legacyAuditEntrySchema.safeParse(value);
  if (!parsed.success) return undefined;
  return {
    hash: parsed.data.hash,
    prevHash: parsed.data.prevHash,
    recomputed: hashAuditEntry(parsed.data),
  };
}

/** The audit head as stored in meta, or undefined when missing or malformed. */
export function parseAuditHead(value: unknown): AuditHead | undefined {
  if (!isPlainRecord(value)) return undefined;
  const { seq, hash } = value;
  return typeof seq === 'number' && typeof hash === 'string' ? { seq, hash } : undefined;
}

function seqOf(value: unknown, fallback: number): number {
  const seq = isPlainRecord(value) ? value.seq : undefined;
  return typeof seq === 'number' ? seq : fallback;
}

/**
 * Recomputes the chain over entries in `seq` order (stored entries, payloads
 * sealed or not, and version 1–2 entries alike; no key needed) and reports the first
 * place it breaks:
 * - `sequence`: an entry is missing (a gap in seq, or the log ends before the
 *   recorded head) or entries were moved (an entry links to one that comes
 *   later in the log);
 * - `link`: an entry's `prevHash` is not the previous entry's hash (the
 *   previous one was rewritten, hash included), or the last entry is not the
 *   head the repository recorded;
 * - `hash`: an entry's content no longer matches its own hash (edited).
 */
export function verifyAuditChain(
  entries: readonly unknown[],
  head: AuditHead | undefined,
): AuditVerdict {
  const count = entries.length;
  const broken = (brokenAtSeq: number, reason: 'hash' | 'link' | 'sequence'): AuditVerdict => ({
    ok: false,
    entries: count,
    brokenAtSeq,
    reason,
  });

  const seqByHash = new Map<string, number>();
  for (const value of entries) {
    if (isPlainRecord(value) && typeof value.hash === 'string') {
      seqByHash.set(value.hash, seqOf(value, 0));
    }
  }

  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  for (const value of entries) {
    const seq = seqOf(value, expectedSeq);
    if (seq !== expectedSeq) return broken(expectedSeq, 'sequence');
    const entry = recomputedHash(value);
    if (!entry) return broken(seq, 'hash');
    if (entry.prevHash !== previousHash) {
      const linkedSeq = seqByHash.get(entry.prevHash);
      return broken(seq, linkedSeq !== undefined && linkedSeq >= seq ? 'sequence' : 'link');
    }
    if (entry.recomputed !== entry.hash) return broken(seq, 'hash');
    previousHash = entry.hash;
    expectedSeq += 1;
  }

  const lastSeq = expectedSeq - 1;
  if (!head) return count === 0 ? { ok: true, entries: 0 } : broken(lastSeq, 'link');
  if (head.seq > lastSeq) return broken(lastSeq + 1, 'sequence');
  if (head.seq < lastSeq) return broken(head.seq + 1, 'link');
  if (count > 0 && head.hash !== previousHash) return broken(lastSeq, 'link');
  return { ok: true, entries: count };
}

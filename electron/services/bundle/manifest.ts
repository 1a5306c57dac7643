import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { parseRecipient } from '../age';
import {
  DATA_FILE_ORDER,
  INCIDENTS_NAME,
  AUDIT_NAME,
  EVIDENCE_RECORDS_NAME,
  CSV_NAME,
  isAllowedFileName,
  LINEAGE_NAME,
  parseEvidenceFileName,
} from './entry-names';
import { BundleError } from './errors';

/**
 * manifest.json: what the bundle holds and who made it, signed as its exact
 * canonical JSON bytes by manifest.sig (Ed25519, RFC 8032).
 */

export const BUNDLE_FORMAT = 'depter-bundle';
export const BUNDLE_VERSION = 1;
/** A manifest above this is refused before it is read (about 80,000 evidence files). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
export const SIGNATURE_LENGTH = 64;

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const uuidV7 = z.string().regex(UUID_V7, 'UUIDv7 in lower-case hex');
const isoInstant = z.iso.datetime({ offset: false });
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const base64Key32 = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'standard base64 of 32 bytes')
  .refine((text) => Buffer.from(text, 'base64').toString('base64') === text, 'canonical base64');
const ageRecipient = z.string().refine((text) => {
  try {
    parseRecipient(text);
    return text === text.trim();
  } catch {
    return false;
  }
}, 'an X25519 age recipient (age1…)');

export const manifestEntrySchema = z.strictObject({
  name: z.string().refine(isAllowedFileName, 'an entry name a bundle may hold'),
  size: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lower-case hex digits'),
});

export const senderSchema = z.strictObject({
  deviceId: z.string().min(1).max(100),
  /** The name the sender gave their device or organisation; may be empty. */
  name: z.string().max(200),
  signingPublicKey: base64Key32,
  ageRecipient,
});

export const scopeSchema = z
  .strictObject({
    kind: z.enum(['full', 'selection', 'since']),
    sinceBundleId: uuidV7.optional(),
    sinceChangeSeq: count.optional(),
  })
  .refine(
    (scope) =>
      scope.kind === 'since'
        ? scope.sinceChangeSeq !== undefined
        : scope.sinceBundleId === undefined && scope.sinceChangeSeq === undefined,
    'sinceChangeSeq is required for kind "since" and allowed only there',
  );

export const countsSchema = z.strictObject({
  incidents: count,
  actors: count,
  evidence: count,
  audit: count,
  /** Lines of lineage.jsonl; present exactly when the bundle carries that file. */
  lineage: count.optional(),
  evidenceFiles: count,
  evidenceBytes: count,
});

export const manifestSchema = z
  .strictObject({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_VERSION),
    bundleId: uuidV7,
    createdAt: isoInstant,
    sender: senderSchema,
    scope: scopeSchema,
    counts: countsSchema,
    entries: z.array(manifestEntrySchema).max(1_000_000),
  })
  .superRefine((manifest, context) => {
    const problem = entryOrderProblem(manifest.entries.map((entry) => entry.name));
    if (problem) context.addIssue({ code: 'custom', path: ['entries'], message: problem });
    const files = manifest.entries.filter((entry) => parseEvidenceFileName(entry.name));
    if (files.some((entry) => parseEvidenceFileName(entry.name)!.sha256 !== entry.sha256)) {
      context.addIssue({
        code: 'custom',
        path: ['entries'],
        message: "an evidence file's sha256 differs from its name",
      });
    }
    const bytes = files.reduce((sum, entry) => sum + entry.size, 0);
    if (files.length !== manifest.counts.evidenceFiles || bytes !== manifest.counts.evidenceBytes) {
      context.addIssue({
        code: 'custom',
        path: ['counts'],
        message: 'evidenceFiles/evidenceBytes do not match the entries',
      });
    }
    const carriesLineage = manifest.entries.some((entry) => entry.name === LINEAGE_NAME);
    if (carriesLineage !== (manifest.counts.lineage !== undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['counts', 'lineage'],
        message: 'counts.lineage is given exactly when lineage.jsonl is an entry',
      });
    }
  });

export type BundleManifest = z.infer<typeof manifestSchema>;
export type BundleSender = z.infer<typeof senderSchema>;
export type BundleScope = z.infer<typeof scopeSchema>;
export type BundleCounts = z.infer<typeof countsSchema>;
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

/**
 * Data files in their fixed order (actors.jsonl and lineage.jsonl may be absent), then
 * evidence files in ascending name order, each name once.
 */
function entryOrderProblem(names: string[]): string | undefined {
  const required = [INCIDENTS_NAME, AUDIT_NAME, EVIDENCE_RECORDS_NAME, CSV_NAME];
  const dataNames = names.filter((name) => !parseEvidenceFileName(name));
  const expected = DATA_FILE_ORDER.filter(
    (name) => required.includes(name) || dataNames.includes(name),
  );
  if (dataNames.join('\n') !== expected.join('\n')) {
    return `data files must be exactly ${expected.join(', ')} in this order`;
  }
  const evidence = names.slice(dataNames.length);
  if (evidence.some((name) => !parseEvidenceFileName(name))) {
    return 'evidence files must follow the data files';
  }
  for (let index = 1; index < evidence.length; index++) {
    if (evidence[index - 1]! >= evidence[index]!) {
      return 'evidence files must be in ascending name order, each once';
    }
  }
  const hashes = evidence.map((name) => parseEvidenceFileName(name)!.sha256);
  if (new Set(hashes).size !== hashes.length) return 'an evidence file appears twice';
  return undefined;
}

/** The exact bytes that are stored as manifest.json and signed. */
export function manifestBytes(manifest: BundleManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

/**
 * Parses manifest.json strictly. The format and version are checked before
 * the schema so that a future version is reported as such, not as invalid.
 */
export function parseManifest(bytes: Buffer): BundleManifest {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError('MANIFEST_INVALID', 'manifest.json is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BundleError('MANIFEST_INVALID', 'manifest.json is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BundleError('MANIFEST_INVALID', 'manifest.json is not a JSON object');
  }
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format !== BUNDLE_FORMAT) {
    throw new BundleError('NOT_A_BUNDLE', 'manifest.json does not describe a Depter bundle');
  }
  if (version !== BUNDLE_VERSION) {
    throw new BundleError(
      'UNSUPPORTED_VERSION',
      `bundle format version ${JSON.stringify(version)}; this reader knows version ${BUNDLE_VERSION}`,
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new BundleError('MANIFEST_INVALID', `manifest.json: ${where}`);
  }
  if (!manifestBytes(parsed.data).equals(bytes)) {
    throw new BundleError('MANIFEST_INVALID', 'manifest.json is not in canonical JSON form');
  }
  return parsed.data;
}

// RFC 8410 DER prefixes through which node:crypto takes raw Ed25519 keys.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function signManifest(bytes: Buffer, signingSeed: Uint8Array): Buffer {
  if (signingSeed.length !== 32) throw new RangeError('an Ed25519 seed has 32 bytes');
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, signingSeed]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  return sign(null, bytes, key);
}

/** Whether `signature` is the sender key's Ed25519 signature of exactly `bytes`. */
export function verifyManifestSignature(
  bytes: Buffer,
  signature: Buffer,
  signingPublicKeyBase64: string,
): boolean {
  if (signature.length !== SIGNATURE_LENGTH) return false;
  const raw = Buffer.from(signingPublicKeyBase64, 'base64');
  if (raw.length !== 32) return false;
  try {
    const key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
      format: 'der',
      type: 'spki',
    });
    return verify(null, bytes, key, signature);
  } catch {
    return false; // a point that is not on the curve
  }
}

/** Lives in src/domain so the renderer computes the same fingerprint when verifying contacts. */
export { signingKeyFingerprint } from '../../../src/domain/fingerprint';

import { createHash } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { decryptChunks, isAgeError, parseIdentity, type AgeErrorCode } from '../age';
import {
  ACTORS_NAME,
  AUDIT_NAME,
  CSV_NAME,
  evidenceFileName,
  EVIDENCE_RECORDS_NAME,
  INCIDENTS_NAME,
  isAllowedDirectoryName,
  isAllowedFileName,
  LINEAGE_NAME,
  MANIFEST_NAME,
  parseEvidenceFileName,
  SIGNATURE_NAME,
} from './entry-names';
import { BundleError, isBundleError, type BundleErrorCode } from './errors';
import { EventLoopSlices } from './event-loop-slices';
import {
  MAX_MANIFEST_BYTES,
  parseManifest,
  SIGNATURE_LENGTH,
  signingKeyFingerprint,
  verifyManifestSignature,
  type BundleManifest,
} from './manifest';
import {
  actorLineSchema,
  assertLineageFits,
  assertUniqueIds,
  auditLineSchema,
  evidenceLineSchema,
  incidentLineSchema,
  lineageLineSchema,
  parseJsonlInSlices,
  type ActorLine,
  type AuditLine,
  type EvidenceLine,
  type IncidentLine,
  type LineageLine,
} from './records';
import { readVolumesHashed, type HashedVolumeRead } from './hashed-volume-reader';
import { readTar, type TarEntry } from './tar-reader';
import { readVolumes, resolveVolumes } from './volumes';

/**
 * From this bundle size on its SHA-256 is computed in a worker thread beside
 * the decryption; below it the thread's start-up costs more than it saves.
 */
export const WORKER_HASH_FROM_BYTES = 8 * 1024 * 1024;

/** A JSONL or CSV file above this is refused before it is read: records are parsed in memory. */
export const MAX_DATA_FILE_BYTES = 512 * 1024 * 1024;

export interface OpenBundleProgress {
  /** Encrypted bytes read so far. */
  bytesDone: number;
  bytesTotal: number;
}

export interface OpenBundleOptions {
  /**
   * A directory to create (it must not exist; its parent must) and fill
   * with the bundle's files under their tar names. Removed on any error.
   * Without it, evidence is hashed and verified but not kept.
   */
  stagingDir?: string;
  /**
   * Takes each evidence file instead of the staging folder (which then gets
   * only the data files): the app seals them straight into its evidence
   * store, so no plaintext reaches the disk. The sink must read `body` to
   * its end and keep the content only if it has exactly `size` bytes
   * hashing to `sha256` (the reader checks the same as the bytes pass and
   * fails the bundle otherwise). What the sink kept before a later failure
   * of the bundle is the caller's to remove: it knows what it kept.
   */
  evidenceSink?: (entry: EvidenceSinkEntry) => Promise<void>;
  /**
   * Instead of `evidenceSink`, for a sink that hashes what it reads anyway
   * (the evidence store does, in a worker thread) and keeps nothing that
   * does not match: it resolves with the size and SHA-256 it read, and the
   * reader compares that with the manifest instead of hashing every
   * evidence byte a second time on its own thread. Each piece of `body` is
   * valid only until the next is asked for (its memory is then reused).
   */
  hashingEvidenceSink?: (entry: EvidenceSinkEntry) => Promise<EvidenceSinkReport>;
  signal?: AbortSignal;
  onProgress?: (progress: OpenBundleProgress) => void;
}

export interface EvidenceSinkEntry {
  sha256: string;
  size: number;
  body: AsyncIterable<Buffer>;
}

/** What a hashing sink read: all of the body, which had this size and SHA-256. */
export interface EvidenceSinkReport {
  sha256: string;
  size: number;
}

export interface StagedEvidenceFile {
  name: string;
  size: number;
  /** Where the verified file is staged; absent without a staging directory or with a sink. */
  path?: string;
}

export interface StagedBundle {
  manifest: BundleManifest;
  /**
   * Always 'valid' here (an invalid signature is an error): the signature is
   * checked against the key the manifest names. Whether that key belongs to
   * a known, verified contact is the caller's decision, by `fingerprint`.
   */
  signature: 'valid';
  /** signingKeyFingerprint of the sender's key, for comparison with contacts. */
  fingerprint: string;
  records: {
    incidents: IncidentLine[];
    actors: ActorLine[];
    evidence: EvidenceLine[];
    audit: AuditLine[];
    /** lineage.jsonl; empty when the bundle has none. */
    lineage: LineageLine[];
  };
  /** Evidence files by SHA-256. */
  evidenceFiles: Map<string, StagedEvidenceFile>;
  stagingDir?: string;
  bundle: { paths: string[]; size: number; sha256: string };
}

export interface BundleHead {
  manifest: BundleManifest;
  signatureValid: boolean;
  fingerprint: string;
  bundle: { paths: string[]; size: number };
}

/**
 * Reads only manifest.json and manifest.sig (the first kilobytes of the
 * payload): who sent the bundle, whether the signature holds, and what it
 * declares. Nothing else is decrypted, so nothing else is verified.
 */
export async function inspectBundle(
  input: string | readonly string[],
  identities: readonly string[],
  signal?: AbortSignal,
): Promise<BundleHead> {
  checkIdentities(identities);
  const volumes = await resolveVolumes(input);
  const plaintext = decryptChunks(
    readVolumes(volumes.paths, signal),
    { identities: [...identities] },
    { releaseEachChunk: true },
  );
  const entries = readTar(plaintext, tarRules);
  try {
    const head = await readHead(entries);
    return {
      manifest: head.manifest,
      signatureValid: head.signatureValid,
      fingerprint: head.fingerprint,
      bundle: volumes,
    };
  } catch (error) {
    throw classified(error, true);
  } finally {
    await entries.return(undefined).catch(() => undefined);
  }
}

/**
 * Decrypts, verifies and stages a bundle. Resolves only when the age
 * payload authenticated to its end, the signature verified, every entry
 * matched the manifest in name, order, size and SHA-256, and every record
 * passed its schema; otherwise rejects with a BundleError (or the signal's
 * AbortError, or a file system error) and leaves no staging directory.
 */
export async function openBundle(
  input: string | readonly string[],
  identities: readonly string[],
  options: OpenBundleOptions = {},
): Promise<StagedBundle> {
  const { signal, stagingDir } = options;
  if (options.evidenceSink && options.hashingEvidenceSink) {
    throw new TypeError('give evidenceSink or hashingEvidenceSink, not both');
  }
  checkIdentities(identities);
  const volumes = await resolveVolumes(input);
  if (stagingDir) await mkdir(stagingDir);
  let read: HashedVolumeRead | undefined;
  try {
    signal?.throwIfAborted();
    read = readVolumesHashed(volumes.paths, {
      threads: volumes.size >= WORKER_HASH_FROM_BYTES ? 'worker' : 'inline',
      signal,
    });
    const { blocks } = read;
    let bytesDone = 0;
    const encrypted = async function* (): AsyncGenerator<Buffer> {
      for await (const block of blocks) {
        bytesDone += block.length;
        options.onProgress?.({ bytesDone, bytesTotal: volumes.size });
        yield block;
      }
    };
    // Every reader below copies what it keeps, so each chunk's memory is reused at once.
    const plaintext = decryptChunks(
      encrypted(),
      { identities: [...identities] },
      { releaseEachChunk: true },
    );
    const staged = await readEntries(
      readTar(plaintext, tarRules),
      stagingDir,
      evidenceSinkOf(options),
      signal,
    );
    const sha256 = await read.digest();
    return {
      ...staged,
      signature: 'valid',
      stagingDir,
      bundle: { paths: volumes.paths, size: volumes.size, sha256 },
    };
  } catch (error) {
    if (stagingDir) await rm(stagingDir, { recursive: true, force: true });
    throw classified(error, false);
  } finally {
    await read?.close();
  }
}

const tarRules = { isAllowedFile: isAllowedFileName, isAllowedDirectory: isAllowedDirectoryName };

function checkIdentities(identities: readonly string[]): void {
  if (identities.length === 0) throw new BundleError('INVALID_IDENTITY', 'no identity given');
  for (const identity of identities) {
    try {
      parseIdentity(identity);
    } catch (error) {
      throw new BundleError('INVALID_IDENTITY', 'not a valid age identity', { cause: error });
    }
  }
}

interface Head {
  manifest: BundleManifest;
  manifestBytes: Buffer;
  signature: Buffer;
  signatureValid: boolean;
  fingerprint: string;
}

class NotStarted extends Error {}

async function readHead(entries: AsyncGenerator<TarEntry>): Promise<Head> {
  const first = await entries.next();
  if (first.done || first.value.name !== MANIFEST_NAME) {
    throw new BundleError('NOT_A_BUNDLE', 'the payload does not start with manifest.json');
  }
  if (first.value.size > MAX_MANIFEST_BYTES) {
    throw new BundleError('MANIFEST_INVALID', 'manifest.json is larger than any bundle needs');
  }
  const manifestBytes = await collect(first.value.body);
  const manifest = parseManifest(manifestBytes);
  const fingerprint = signingKeyFingerprint(
    Buffer.from(manifest.sender.signingPublicKey, 'base64'),
  );
  const second = await entries.next();
  if (second.done || second.value.name !== SIGNATURE_NAME) {
    throw new BundleError('BAD_SIGNATURE', 'manifest.sig does not follow manifest.json');
  }
  if (second.value.size !== SIGNATURE_LENGTH) {
    throw new BundleError('BAD_SIGNATURE', `manifest.sig has ${second.value.size} bytes, not 64`);
  }
  const signature = await collect(second.value.body);
  const signatureValid = verifyManifestSignature(
    manifestBytes,
    signature,
    manifest.sender.signingPublicKey,
  );
  return { manifest, manifestBytes, signature, signatureValid, fingerprint };
}

async function readEntries(
  entries: AsyncGenerator<TarEntry>,
  stagingDir: string | undefined,
  evidenceSink: SinkEvidence | undefined,
  signal: AbortSignal | undefined,
): Promise<Omit<StagedBundle, 'signature' | 'stagingDir' | 'bundle'>> {
  let head: Head;
  try {
    head = await readHead(entries);
  } catch (error) {
    throw new NotStarted(undefined, { cause: error });
  }
  const { manifest } = head;
  if (!head.signatureValid) {
    throw new BundleError('BAD_SIGNATURE', "manifest.sig does not verify with the sender's key");
  }
  for (const entry of manifest.entries) {
    if (!parseEvidenceFileName(entry.name) && entry.size > MAX_DATA_FILE_BYTES) {
      throw new BundleError('MANIFEST_INVALID', `${entry.name} is larger than this reader accepts`);
    }
  }
  if (stagingDir) {
    await writeNew(join(stagingDir, MANIFEST_NAME), [head.manifestBytes]);
  }

  const dataFiles = new Map<string, Buffer>();
  const evidenceFiles = new Map<string, StagedEvidenceFile>();
  const listed = new Set(manifest.entries.map((entry) => entry.name));
  let index = 0;
  for await (const entry of entries) {
    signal?.throwIfAborted();
    const expected = manifest.entries[index];
    if (!listed.has(entry.name)) {
      throw new BundleError('ENTRY_UNLISTED', `${entry.name} is not in the manifest`);
    }
    if (!expected || expected.name !== entry.name) {
      throw new BundleError(
        'ENTRY_MISSING',
        `${expected?.name ?? entry.name} is missing or out of order`,
      );
    }
    if (entry.size !== expected.size) {
      throw new BundleError(
        'ENTRY_SIZE_MISMATCH',
        `${entry.name} has ${entry.size} bytes, the manifest says ${expected.size}`,
      );
    }
    const evidence = parseEvidenceFileName(entry.name);
    const sunk = evidence !== undefined && evidenceSink !== undefined;
    const target = stagingDir && !sunk ? join(stagingDir, entry.name) : undefined;
    // The CSV is a copy of the incidents for spreadsheets: hashed, staged, never parsed.
    // The tar reader yields exactly the declared size, so a data file is copied once, into place.
    const kept =
      evidence || entry.name === CSV_NAME ? undefined : Buffer.allocUnsafe(expected.size);
    const sha256 = sunk
      ? await evidenceSink({ sha256: expected.sha256, size: expected.size }, entry.body)
      : await consume(entry.body, target, kept);
    if (sha256 !== expected.sha256) {
      throw new BundleError('ENTRY_HASH_MISMATCH', `${entry.name} does not match its SHA-256`);
    }
    if (evidence) {
      evidenceFiles.set(evidence.sha256, { name: entry.name, size: entry.size, path: target });
    } else if (kept) {
      dataFiles.set(entry.name, kept);
    }
    index += 1;
  }
  if (index < manifest.entries.length) {
    throw new BundleError('ENTRY_MISSING', `${manifest.entries[index]!.name} is missing`);
  }
  if (stagingDir) {
    // The signature is written last so a staging folder holding it is complete.
    await writeNew(join(stagingDir, SIGNATURE_NAME), [head.signature]);
  }
  return {
    manifest,
    fingerprint: head.fingerprint,
    records: await parseRecords(manifest, dataFiles, evidenceFiles, new EventLoopSlices(signal)),
    evidenceFiles,
  };
}

/** Checked in slices with the event loop running between: IPC and a cancel get through. */
async function parseRecords(
  manifest: BundleManifest,
  dataFiles: Map<string, Buffer>,
  evidenceFiles: Map<string, StagedEvidenceFile>,
  slices: EventLoopSlices,
): Promise<StagedBundle['records']> {
  const file = (name: string): Buffer => dataFiles.get(name) ?? Buffer.alloc(0);
  const parse = <T>(name: string, schema: z.ZodType<T>) =>
    parseJsonlInSlices(file(name), schema, name, slices);
  const incidents = await parse(INCIDENTS_NAME, incidentLineSchema);
  const actors = await parse(ACTORS_NAME, actorLineSchema);
  const audit = await parse(AUDIT_NAME, auditLineSchema);
  const evidence = await parse(EVIDENCE_RECORDS_NAME, evidenceLineSchema);
  assertUniqueIds(incidents, INCIDENTS_NAME, 'RECORD_INVALID');
  assertUniqueIds(actors, ACTORS_NAME, 'RECORD_INVALID');
  assertUniqueIds(evidence, EVIDENCE_RECORDS_NAME, 'RECORD_INVALID');
  const lineage = await parse(LINEAGE_NAME, lineageLineSchema);
  assertLineageFits(
    lineage,
    {
      incidents: new Set(incidents.map((record) => record.id)),
      actors: new Set(actors.map((record) => record.id)),
      evidence: new Set(evidence.map((record) => record.id)),
    },
    LINEAGE_NAME,
    'RECORD_INVALID',
  );
  const counted: [keyof BundleManifest['counts'], number][] = [
    ['incidents', incidents.length],
    ['actors', actors.length],
    ['audit', audit.length],
    ['evidence', evidence.length],
  ];
  // The manifest schema already ties an absent count to an absent file.
  if (manifest.counts.lineage !== undefined) counted.push(['lineage', lineage.length]);
  for (const [what, actual] of counted) {
    if (manifest.counts[what] !== actual) {
      throw new BundleError(
        'COUNT_MISMATCH',
        `the manifest counts ${manifest.counts[what]} ${what}, the bundle holds ${actual}`,
      );
    }
  }
  const described = new Set<string>();
  evidence.forEach((record, line) => {
    if (record.deleted) return;
    const where = `${EVIDENCE_RECORDS_NAME} line ${line + 1}`;
    if (described.has(record.sha256)) {
      throw new BundleError('RECORD_INVALID', `${where}: a second record for the same file`);
    }
    described.add(record.sha256);
    const staged = evidenceFiles.get(record.sha256);
    if (!staged || staged.name !== evidenceFileName(record.sha256, record.mime)) {
      throw new BundleError('RECORD_INVALID', `${where}: its file is not in the bundle`);
    }
    if (staged.size !== record.size) {
      throw new BundleError('RECORD_INVALID', `${where}: its size differs from its file`);
    }
  });
  for (const [sha256, staged] of evidenceFiles) {
    if (!described.has(sha256)) {
      throw new BundleError('RECORD_INVALID', `${staged.name} has no evidence record`);
    }
  }
  return { incidents, actors, evidence, audit, lineage };
}

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** Streams an entry to `target` (when staging) and to `kept` (data files), returning its SHA-256. */
async function consume(
  body: AsyncIterable<Buffer>,
  target: string | undefined,
  kept: Buffer | undefined,
): Promise<string> {
  const hash = createHash('sha256');
  const handle = target ? await createNew(target) : undefined;
  let keptBytes = 0;
  try {
    for await (const piece of body) {
      hash.update(piece);
      if (kept) keptBytes += piece.copy(kept, keptBytes);
      if (handle) await writeAll(handle, piece);
    }
  } finally {
    await handle?.close();
  }
  return hash.digest('hex');
}

/** Hands one evidence file to the caller's sink; resolves with the SHA-256 of what the file held. */
type SinkEvidence = (
  expected: { sha256: string; size: number },
  body: AsyncIterable<Buffer>,
) => Promise<string>;

function evidenceSinkOf(options: OpenBundleOptions): SinkEvidence | undefined {
  const { evidenceSink, hashingEvidenceSink } = options;
  if (hashingEvidenceSink) {
    return (expected, body) => reportedEvidence(hashingEvidenceSink, expected, body);
  }
  if (evidenceSink) return (expected, body) => sinkEvidence(evidenceSink, expected, body);
  return undefined;
}

/**
 * A hashing sink's report stands for the reader's own hash. It must have
 * read the whole file: the tar reader gives exactly the manifest's size, so
 * a report of fewer bytes means the sink stopped early and the rest is read
 * here, but unhashed it cannot count, and the entry is a mismatch.
 */
async function reportedEvidence(
  sink: NonNullable<OpenBundleOptions['hashingEvidenceSink']>,
  expected: { sha256: string; size: number },
  body: AsyncIterable<Buffer>,
): Promise<string> {
  const report = await sink({ ...expected, body });
  if (report.size !== expected.size) {
    throw new BundleError(
      'ENTRY_HASH_MISMATCH',
      `an evidence file was read as ${report.size} bytes, the manifest says ${expected.size}`,
    );
  }
  return report.sha256;
}

/**
 * Hands an evidence file to the sink while hashing what it reads. A sink
 * that failed on bytes that do not match the manifest is reported as the
 * hash mismatch it is; any other failure of the sink passes through.
 */
async function sinkEvidence(
  sink: NonNullable<OpenBundleOptions['evidenceSink']>,
  expected: { sha256: string; size: number },
  body: AsyncIterable<Buffer>,
): Promise<string> {
  const hash = createHash('sha256');
  let seen = 0;
  let ended = false;
  const hashed = (async function* (): AsyncGenerator<Buffer> {
    for await (const piece of body) {
      hash.update(piece);
      seen += piece.length;
      // This sink may keep its pieces; the decryption reuses their memory once it moves on.
      yield Buffer.from(piece);
    }
    ended = true;
  })();
  try {
    await sink({ ...expected, body: hashed });
  } catch (error) {
    const complete = ended || seen === expected.size;
    if (complete && hash.copy().digest('hex') !== expected.sha256) {
      throw new BundleError('ENTRY_HASH_MISMATCH', `an evidence file does not match its SHA-256`, {
        cause: error,
      });
    }
    throw error;
  }
  if (!ended) {
    // The sink stopped early; what it left unread still counts against the manifest.
    for await (const piece of hashed) void piece;
  }
  return hash.digest('hex');
}

async function createNew(path: string): Promise<Awaited<ReturnType<typeof open>>> {
  await mkdir(dirname(path), { recursive: true });
  // 'wx': never follow or reuse a path that already exists in the staging folder.
  return open(path, 'wx', 0o600);
}

async function writeNew(path: string, parts: Buffer[]): Promise<void> {
  const handle = await createNew(path);
  try {
    for (const part of parts) await writeAll(handle, part);
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: Awaited<ReturnType<typeof open>>, bytes: Buffer): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
  }
}

const AGE_CODE_MAP: Record<AgeErrorCode, BundleErrorCode> = {
  NOT_AGE: 'NOT_A_BUNDLE',
  UNSUPPORTED_VERSION: 'NOT_A_BUNDLE',
  MALFORMED_HEADER: 'NOT_A_BUNDLE',
  NO_MATCH: 'NOT_ADDRESSED_TO_ME',
  BAD_PASSPHRASE: 'NOT_ADDRESSED_TO_ME',
  WORK_FACTOR_TOO_HIGH: 'NOT_ADDRESSED_TO_ME',
  HEADER_MAC: 'DAMAGED',
  PAYLOAD_AUTH: 'DAMAGED',
  TRUNCATED: 'TRUNCATED',
  TRAILING_DATA: 'TRAILING_DATA',
  INVALID_KEY: 'INVALID_IDENTITY',
};

/**
 * One error type for callers. A tar error before the manifest was read
 * means the payload is not a bundle at all; an age error is translated.
 */
function classified(error: unknown, inHead: boolean): unknown {
  let cause = error;
  let beforeManifest = inHead;
  if (error instanceof NotStarted) {
    cause = error.cause;
    beforeManifest = true;
  }
  if (isAgeError(cause)) {
    return new BundleError(AGE_CODE_MAP[cause.code], cause.message, { cause });
  }
  if (isBundleError(cause) && beforeManifest && cause.code.startsWith('TAR_')) {
    return new BundleError('NOT_A_BUNDLE', `not a Depter bundle: ${cause.message}`, { cause });
  }
  return cause;
}

import { createHash } from 'node:crypto';
import { newId } from '../../../src/domain/ids';
import { isAgeError } from '../age';
import { releaseMemory } from '../age/release-memory';
import { ed25519PublicKeyFromSeed } from '../vault/key-file';
import {
  ACTORS_NAME,
  AUDIT_NAME,
  CSV_NAME,
  EVIDENCE_RECORDS_NAME,
  evidenceFileName,
  INCIDENTS_NAME,
  LINEAGE_NAME,
  MANIFEST_NAME,
  SIGNATURE_NAME,
} from './entry-names';
import { openBundleSealer, type BundleSealer } from './bundle-sealer';
import { BundleError } from './errors';
import { EventLoopSlices } from './event-loop-slices';
import { CsvWriter, type CsvLanguage } from './incidents-csv';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  manifestBytes,
  manifestSchema,
  signManifest,
  type BundleCounts,
  type BundleManifest,
  type BundleScope,
  type BundleSender,
  type ManifestEntry,
} from './manifest';
import {
  actorLineSchema,
  assertLineageFits,
  assertUniqueIds,
  auditLineSchema,
  compareLineage,
  encodeJsonlInSlices,
  evidenceLineSchema,
  incidentLineSchema,
  lineageLineSchema,
  type ActorLine,
  type EvidenceLine,
  type LineageLine,
} from './records';
import { BLOCK_SIZE } from './tar-header';
import { paddingLength, writeTar, type TarInputEntry } from './tar-writer';
import { VolumeWriter } from './volumes';

/** A stored evidence file as the evidence store hands it out: decrypted on the fly. */
export interface EvidenceFileSource {
  size: number;
  /** writeBundle is done with each chunk once it asks for the next (it copies what it keeps). */
  open(): AsyncIterable<Uint8Array>;
  /**
   * Present when the source hashes the bytes it yields itself (the app's
   * store reader does, in the thread that decrypts them): the SHA-256 of
   * what `open()` yielded, asked for once it ended. writeBundle compares it
   * with the record instead of hashing every byte again on its own thread.
   */
  yieldedSha256?(): Promise<string>;
  /** Releases a source that is not read after all (its size did not match the record). */
  close?(): Promise<void>;
}

export interface WriteBundleProgress {
  /** Plaintext tar bytes encrypted so far. */
  bytesDone: number;
  bytesTotal: number;
}

export interface WriteBundleOptions {
  /** age recipients (`age1…`); the caller includes the sender's own recipient when it should read the bundle back. */
  recipients: string[];
  /** The sender's 32-byte Ed25519 seed; its public key must be the one in `sender`. */
  signingSeed: Uint8Array;
  sender: BundleSender;
  scope: BundleScope;
  records: {
    incidents: Iterable<unknown>;
    actors?: Iterable<unknown>;
    evidence: Iterable<unknown>;
    audit: Iterable<unknown>;
    /** lineage.jsonl lines, in any order (written sorted); the file is left out when absent. */
    lineage?: Iterable<unknown>;
  };
  /** Language of the `*_label` columns in incidents.csv. */
  csvLanguage?: CsvLanguage;
  evidenceFiles: (sha256: string) => EvidenceFileSource | Promise<EvidenceFileSource>;
  /** `NAME.depter`; volumes are written as `NAME.depter.001`, `.002`, … */
  outputPath: string;
  /** Bytes per volume; the bundle is one file when it fits in one volume or no size is given. */
  volumeSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: WriteBundleProgress) => void;
}

export interface WriteBundleResult {
  bundleId: string;
  /** The bundle file, or its volumes in order. */
  paths: string[];
  /** Total bytes of the bundle (all volumes). */
  size: number;
  /** SHA-256 of the bundle bytes (all volumes joined), lower-case hex. */
  sha256: string;
  counts: BundleCounts;
}

/**
 * Writes a bundle: records to JSONL and CSV in memory (they are small), the
 * signed manifest, then every evidence file streamed from the store through
 * tar and age to the output, re-hashed on the way so a stored file that no
 * longer matches its SHA-256 aborts the export. The output appears under its
 * final name(s) only when everything is written and flushed; on any error or
 * abort the temporary files are removed and nothing is left behind.
 */
export async function writeBundle(options: WriteBundleOptions): Promise<WriteBundleResult> {
  const { signal } = options;
  signal?.throwIfAborted();
  await VolumeWriter.assertFree(options.outputPath);
  const checks: EvidenceChecks = { digests: [] };
  // Assigned before the sealer writes anything: it writes once the first block is sealed.
  let sealer: BundleSealer | undefined;
  const output = new VolumeWriter(options.outputPath, options.volumeSize, {
    hashOutput: false,
    onWritten: (bytes) => sealer?.written(bytes),
  });
  // Its worker boots (~25 ms) on the other core while the records are encoded.
  const sealing = openBundleSealer({
    to: { recipients: options.recipients },
    write: (sealed) => output.write(sealed),
  });
  // Awaited once the records are ready; a failure until then must not count as unhandled.
  sealing.catch(() => undefined);
  try {
    const contents = await prepareContents(options, new EventLoopSlices(signal), checks);
    const tarTotal = contents.entries.reduce(
      (sum, entry) => sum + BLOCK_SIZE + entry.size + paddingLength(entry.size),
      2 * BLOCK_SIZE,
    );
    let tarDone = 0;
    sealer = await sealing;
    for await (const chunk of writeTar(contents.entries, contents.mtimeSeconds)) {
      signal?.throwIfAborted();
      await sealer.push(chunk);
      tarDone += chunk.length;
      options.onProgress?.({ bytesDone: tarDone, bytesTotal: tarTotal });
    }
    const sha256 = await sealer.finish();
    await assertEvidenceDigests(checks);
    const size = output.size;
    const { paths } = await output.commit();
    return { bundleId: contents.manifest.bundleId, paths, size, sha256, counts: contents.counts };
  } catch (error) {
    sealer ??= await sealing.catch(() => undefined);
    await sealer?.close();
    await output.discard();
    if (isAgeError(error, 'INVALID_KEY')) {
      throw new BundleError('INPUT_INVALID', `a recipient is not a valid age recipient`, {
        cause: error,
      });
    }
    throw error;
  } finally {
    await sealer?.close();
  }
}

interface PreparedContents {
  manifest: BundleManifest;
  counts: BundleCounts;
  entries: TarInputEntry[];
  mtimeSeconds: number;
}

async function prepareContents(
  options: WriteBundleOptions,
  slices: EventLoopSlices,
  checks: EvidenceChecks,
): Promise<PreparedContents> {
  if (options.recipients.length === 0) {
    throw new BundleError('INPUT_INVALID', 'a bundle needs at least one recipient');
  }
  const publicKey = ed25519PublicKeyFromSeed(Buffer.from(options.signingSeed));
  if (publicKey.toString('base64') !== options.sender.signingPublicKey) {
    throw new BundleError('INPUT_INVALID', "the signing key is not the sender's signing key");
  }
  // Actors and evidence first: each incident's CSV row names its victims and
  // evidence files, and is written as the incident is checked.
  const actorRecords: ActorLine[] = [];
  const actors = options.records.actors
    ? await encodeJsonlInSlices(
        options.records.actors,
        actorLineSchema,
        ACTORS_NAME,
        slices,
        (record) => actorRecords.push(record),
      )
    : undefined;
  const evidenceRecords: EvidenceLine[] = [];
  const evidence = await encodeJsonlInSlices(
    options.records.evidence,
    evidenceLineSchema,
    EVIDENCE_RECORDS_NAME,
    slices,
    (record) => evidenceRecords.push(record),
  );
  const csvWriter = new CsvWriter(
    actorRecords,
    new Map(evidenceRecords.map((record) => [record.id, record.sha256])),
    options.csvLanguage ?? 'en',
  );
  const incidentIds: { id: string }[] = [];
  const incidents = await encodeJsonlInSlices(
    options.records.incidents,
    incidentLineSchema,
    INCIDENTS_NAME,
    slices,
    (record) => {
      incidentIds.push({ id: record.id });
      csvWriter.add(record);
    },
  );
  const csv = csvWriter.finish();
  const audit = await encodeJsonlInSlices(
    options.records.audit,
    auditLineSchema,
    AUDIT_NAME,
    slices,
    () => undefined,
  );
  assertUniqueIds(incidentIds, INCIDENTS_NAME, 'INPUT_INVALID');
  if (actors) assertUniqueIds(actorRecords, ACTORS_NAME, 'INPUT_INVALID');
  assertUniqueIds(evidenceRecords, EVIDENCE_RECORDS_NAME, 'INPUT_INVALID');
  const lineage = options.records.lineage
    ? await encodeLineage(
        options.records.lineage,
        {
          incidents: new Set(incidentIds.map((record) => record.id)),
          actors: new Set(actorRecords.map((record) => record.id)),
          evidence: new Set(evidenceRecords.map((record) => record.id)),
        },
        slices,
      )
    : undefined;

  const dataFiles: [string, Buffer][] = [[INCIDENTS_NAME, incidents.bytes]];
  if (actors) dataFiles.push([ACTORS_NAME, actors.bytes]);
  dataFiles.push([AUDIT_NAME, audit.bytes], [EVIDENCE_RECORDS_NAME, evidence.bytes]);
  if (lineage) dataFiles.push([LINEAGE_NAME, lineage.bytes]);
  dataFiles.push([CSV_NAME, csv]);

  const files = evidenceFilesOf(evidenceRecords);
  const manifestEntries: ManifestEntry[] = [
    ...dataFiles.map(([name, bytes]) => ({ name, size: bytes.length, sha256: sha256Hex(bytes) })),
    ...files.map((file) => ({ name: file.name, size: file.size, sha256: file.sha256 })),
  ];
  const counts: BundleCounts = {
    incidents: incidents.count,
    actors: actors?.count ?? 0,
    evidence: evidence.count,
    audit: audit.count,
    ...(lineage ? { lineage: lineage.lines } : {}),
    evidenceFiles: files.length,
    evidenceBytes: files.reduce((sum, file) => sum + file.size, 0),
  };
  const createdAt = new Date();
  const candidate = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    bundleId: newId(),
    createdAt: createdAt.toISOString(),
    sender: options.sender,
    scope: options.scope,
    counts,
    entries: manifestEntries,
  };
  const parsed = manifestSchema.safeParse(candidate);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new BundleError('INPUT_INVALID', `manifest: ${where}`);
  }
  const manifest = parsed.data;
  const bytes = manifestBytes(manifest);
  const signature = signManifest(bytes, options.signingSeed);

  const entries: TarInputEntry[] = [
    { name: MANIFEST_NAME, size: bytes.length, data: bytes },
    { name: SIGNATURE_NAME, size: signature.length, data: signature },
    ...dataFiles.map(([name, data]) => ({ name, size: data.length, data: freedOnceSealed(data) })),
    ...files.map((file) => ({
      name: file.name,
      size: file.size,
      data: verifiedEvidence(file, options.evidenceFiles, checks),
    })),
  ];
  return { manifest, counts, entries, mtimeSeconds: Math.floor(createdAt.getTime() / 1000) };
}

/**
 * A data file's bytes, freed once the sealer copied them: tens of MiB of
 * JSONL and CSV need not stay alive while the evidence streams.
 */
async function* freedOnceSealed(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
  releaseMemory(bytes);
}

async function encodeLineage(
  input: Iterable<unknown>,
  carried: Parameters<typeof assertLineageFits>[1],
  slices: EventLoopSlices,
): Promise<{ bytes: Buffer; lines: number }> {
  const checked: LineageLine[] = [];
  await encodeJsonlInSlices(input, lineageLineSchema, LINEAGE_NAME, slices, (line) =>
    checked.push(line),
  );
  const sorted = checked.sort(compareLineage);
  assertLineageFits(sorted, carried, LINEAGE_NAME, 'INPUT_INVALID');
  const { bytes } = await encodeJsonlInSlices(
    sorted,
    lineageLineSchema,
    LINEAGE_NAME,
    slices,
    () => undefined,
  );
  return { bytes, lines: sorted.length };
}

interface EvidenceFileEntry {
  name: string;
  sha256: string;
  size: number;
}

/** One file per distinct content of the live evidence records, in name order. */
function evidenceFilesOf(records: readonly EvidenceLine[]): EvidenceFileEntry[] {
  const bySha = new Map<string, EvidenceFileEntry>();
  for (const record of records) {
    if (record.deleted) continue;
    if (bySha.has(record.sha256)) {
      throw new BundleError('INPUT_INVALID', 'two evidence records describe the same file');
    }
    bySha.set(record.sha256, {
      name: evidenceFileName(record.sha256, record.mime),
      sha256: record.sha256,
      size: record.size,
    });
  }
  return [...bySha.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Each evidence file's SHA-256 of the bytes that went into the bundle,
 * compared with its record once everything is sealed, before the bundle
 * gets its name.
 */
interface EvidenceChecks {
  digests: { file: EvidenceFileEntry; digest: Promise<string> }[];
}

/**
 * The stored file's bytes, checked against the record's size as they pass
 * and re-hashed: by the source where it hashes what it yields (the app's
 * decrypting worker), here otherwise.
 */
async function* verifiedEvidence(
  file: EvidenceFileEntry,
  open: WriteBundleOptions['evidenceFiles'],
  checks: EvidenceChecks,
): AsyncGenerator<Uint8Array> {
  const source = await open(file.sha256);
  if (source.size !== file.size) {
    await source.close?.();
    throw new BundleError(
      'EVIDENCE_SIZE_MISMATCH',
      `stored evidence ${file.sha256} has ${source.size} bytes, its record says ${file.size}`,
    );
  }
  const hashHere = source.yieldedSha256 === undefined ? createHash('sha256') : undefined;
  let seen = 0;
  for await (const chunk of source.open()) {
    seen += chunk.byteLength;
    if (seen > file.size) break;
    hashHere?.update(chunk);
    yield chunk;
  }
  if (seen !== file.size) {
    throw new BundleError(
      'EVIDENCE_SIZE_MISMATCH',
      `stored evidence ${file.sha256} did not yield ${file.size} bytes`,
    );
  }
  const digest =
    hashHere === undefined ? source.yieldedSha256!() : Promise.resolve(hashHere.digest('hex'));
  // Awaited after the sealing; until then a failure must not count as unhandled.
  digest.catch(() => undefined);
  checks.digests.push({ file, digest });
}

async function assertEvidenceDigests(checks: EvidenceChecks): Promise<void> {
  for (const { file, digest } of checks.digests) {
    if ((await digest) !== file.sha256) {
      throw new BundleError(
        'EVIDENCE_HASH_MISMATCH',
        `stored evidence ${file.sha256} no longer has that SHA-256: export stopped`,
      );
    }
  }
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

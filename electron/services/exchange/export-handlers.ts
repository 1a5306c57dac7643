import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { BundleErrorName } from '../../../src/domain/api';
import { writeBundle, type BundleErrorCode, type EvidenceFileSource } from '../bundle';
import { HashingDecryptor } from '../age/hashing-decryptor';
import { evidenceKeysOf } from '../evidence/evidence-handlers';
import type { EvidenceKeys, EvidenceStoreApi } from '../evidence/evidence-store-types';
import { isEvidenceError } from '../evidence/evidence-store-types';
import { sharedBundleFailure } from './bundle-failure';
import type { ExchangeApiHandlers, ExchangeContext } from './exchange-types';

/**
 * Writing a bundle: the save dialog, then records from the renderer and
 * evidence from the store's decrypting reader, through writeBundle to the
 * chosen file. The path never leaves main: the renderer holds a target id.
 */

type ExportMethods = Pick<ExchangeApiHandlers, 'chooseBundleTarget' | 'exportBundle'>;

const BUNDLE_EXTENSION = '.depter';
const BUNDLE_FILTERS = [{ name: 'Depter bundle', extensions: ['depter'] }];
const TARGET_ID_BYTES = 18;
/** ~5 progress events a second: smooth enough for a bar, few enough for IPC. */
export const EXPORT_PROGRESS_INTERVAL_MS = 200;

// Compile-time check: every code the bundle core can raise has a translated
// name in the API contract, so none reaches the UI unexplained.
type UnlistedBundleCodes = Exclude<BundleErrorCode, BundleErrorName>;
const everyBundleCodeListed: [UnlistedBundleCodes] extends [never] ? true : never = true;
void everyBundleCodeListed;

/** A stored evidence file that cannot be read: the export stops and says which kind of problem. */
class EvidenceUnavailable extends Error {
  override readonly name = 'EvidenceUnavailable';
}

/** The contract's name for why an export failed; anything unexpected is rethrown as a bug. */
export function exportFailure(error: unknown): BundleErrorName {
  if (error instanceof EvidenceUnavailable) return 'EVIDENCE_UNAVAILABLE';
  if (isEvidenceError(error) && (error.code === 'MISSING' || error.code === 'DAMAGED')) {
    return 'EVIDENCE_UNAVAILABLE';
  }
  return sharedBundleFailure(error);
}

/**
 * A stored file as writeBundle reads it: decrypted and hashed front to back
 * by the export's decrypting worker, closed when done or abandoned. The
 * worker's SHA-256 of the bytes it handed over is the export's re-check.
 */
async function storedFile(
  store: EvidenceStoreApi,
  keys: EvidenceKeys,
  sha256: string,
  decryptor: HashingDecryptor,
): Promise<EvidenceFileSource> {
  const stream = await store.openStream(sha256, keys, decryptor).catch((error: unknown) => {
    if (isEvidenceError(error) && (error.code === 'MISSING' || error.code === 'DAMAGED')) {
      throw new EvidenceUnavailable(`stored evidence ${sha256}: ${error.code}`, { cause: error });
    }
    throw error;
  });
  let yielded: string | undefined;
  return {
    size: stream.size,
    async *open() {
      try {
        yielded = yield* stream.blocks();
      } finally {
        await stream.close();
      }
    },
    close: () => stream.close(),
    async yieldedSha256() {
      if (yielded === undefined)
        throw new Error(`stored evidence ${sha256} was not read to its end`);
      return yielded;
    },
  };
}

function withExtension(path: string): string {
  return path.toLowerCase().endsWith(BUNDLE_EXTENSION) ? path : `${path}${BUNDLE_EXTENSION}`;
}

export function createExportHandlers(context: ExchangeContext): {
  handlers: ExportMethods;
  endSession(): void;
} {
  const targets = new Map<string, string>();

  const handlers: ExportMethods = {
    async chooseBundleTarget({ suggestedName }) {
      const chosen = await context.chooseSavePath(withExtension(suggestedName), BUNDLE_FILTERS);
      if (chosen === null) return { target: null };
      const path = withExtension(chosen);
      const targetId = randomBytes(TARGET_ID_BYTES).toString('base64url');
      targets.set(targetId, path);
      return { target: { targetId, name: basename(path) } };
    },

    async exportBundle(input) {
      const keys = context.vault.keys();
      const evidenceKeys = evidenceKeysOf(keys);
      if (keys === null || evidenceKeys === null) return { ok: false, error: 'LOCKED' };
      const outputPath = targets.get(input.targetId);
      if (outputPath === undefined) return { ok: false, error: 'UNKNOWN_SOURCE' };
      // Without evidence files a live evidence record would name a file the bundle lacks.
      if (!input.includeEvidence && input.records.evidence.length > 0) {
        return { ok: false, error: 'INPUT_INVALID' };
      }
      const recipients = [...new Set([...input.recipients, keys.ageRecipient])];
      let lastProgressAt = Number.NEGATIVE_INFINITY;
      let plaintextTotal = 0;
      const emit = (bytesDone: number, bytesTotal: number) =>
        context.emitProgress({ jobId: input.jobId, phase: 'export', bytesDone, bytesTotal });
      // One thread decrypts and re-hashes every stored file while the sealer's encrypts the
      // bundle. Started at the first file, not with the records: the data files are freed by
      // then, so its memory does not add to theirs (5-6 MiB lower peak for ~20 ms of boot).
      let decryptor: HashingDecryptor | undefined;
      try {
        const result = await context.jobs.run(input.jobId, (signal) =>
          writeBundle({
            recipients,
            signingSeed: keys.signingSeed,
            sender: {
              deviceId: keys.deviceId,
              name: input.senderName,
              signingPublicKey: keys.signingPublicKey.toString('base64'),
              ageRecipient: keys.ageRecipient,
            },
            scope: input.scope,
            records: input.records,
            csvLanguage: input.csvLanguage,
            evidenceFiles: (sha256) => {
              decryptor ??= new HashingDecryptor();
              return storedFile(context.store, evidenceKeys, sha256, decryptor);
            },
            outputPath,
            ...(input.volumeSize === null ? {} : { volumeSize: input.volumeSize }),
            signal,
            onProgress: ({ bytesDone, bytesTotal }) => {
              plaintextTotal = bytesTotal;
              const now = performance.now();
              if (now - lastProgressAt < EXPORT_PROGRESS_INTERVAL_MS) return;
              lastProgressAt = now;
              emit(bytesDone, bytesTotal);
            },
          }),
        );
        targets.delete(input.targetId);
        emit(plaintextTotal, plaintextTotal);
        const { counts } = result;
        return {
          ok: true,
          bundleId: result.bundleId,
          files: result.paths.map((path) => basename(path)),
          size: result.size,
          sha256: result.sha256,
          counts: {
            incidents: counts.incidents,
            actors: counts.actors,
            evidence: counts.evidence,
            audit: counts.audit,
            evidenceFiles: counts.evidenceFiles,
            evidenceBytes: counts.evidenceBytes,
          },
        };
      } catch (error) {
        return { ok: false, error: exportFailure(error) };
      } finally {
        await decryptor?.close();
      }
    },
  };

  return {
    handlers,
    endSession() {
      targets.clear();
    },
  };
}

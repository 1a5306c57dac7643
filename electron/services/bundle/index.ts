/**
 * Bundle format v1 (`.depter`): an age file whose payload is a tar of a
 * signed manifest, the records as JSONL and CSV, and the evidence files.
 * Plain Node: used by the main process and by the partner CLI.
 */
export { BundleError, isBundleError } from './errors';
export type { BundleErrorCode, BundleFailureClass, TarErrorCode } from './errors';
export {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  manifestSchema,
  signingKeyFingerprint,
  type BundleCounts,
  type BundleManifest,
  type BundleScope,
  type BundleSender,
  type ManifestEntry,
} from './manifest';
export {
  writeBundle,
  type EvidenceFileSource,
  type WriteBundleOptions,
  type WriteBundleProgress,
  type WriteBundleResult,
} from './write-bundle';
export {
  inspectBundle,
  openBundle,
  type BundleHead,
  type EvidenceSinkEntry,
  type OpenBundleOptions,
  type OpenBundleProgress,
  type StagedBundle,
  type StagedEvidenceFile,
} from './open-bundle';
export { CSV_COLUMNS, parseCsv, type CsvLanguage } from './incidents-csv';
export type { ActorLine, AuditLine, EvidenceLine, IncidentLine } from './records';

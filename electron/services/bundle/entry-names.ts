/**
 * Which file names a bundle may hold, and the file name extension an
 * evidence file gets from its media type. A name that is safe is still
 * refused unless it is one of these: a bundle has nothing else to carry.
 */

export const MANIFEST_NAME = 'manifest.json';
export const SIGNATURE_NAME = 'manifest.sig';
export const INCIDENTS_NAME = 'incidents.jsonl';
export const ACTORS_NAME = 'actors.jsonl';
export const AUDIT_NAME = 'audit.jsonl';
export const EVIDENCE_RECORDS_NAME = 'evidence.jsonl';
export const LINEAGE_NAME = 'lineage.jsonl';
export const CSV_NAME = 'incidents.csv';
export const EVIDENCE_DIRECTORY = 'evidence';

/** The data files in the order a bundle carries them; actors.jsonl and lineage.jsonl are optional. */
export const DATA_FILE_ORDER = [
  INCIDENTS_NAME,
  ACTORS_NAME,
  AUDIT_NAME,
  EVIDENCE_RECORDS_NAME,
  LINEAGE_NAME,
  CSV_NAME,
] as const;

const EVIDENCE_FILE = /^evidence\/([0-9a-f]{64})\.([a-z0-9]{1,10})$/;

/** The sha256 and extension of `evidence/<sha256>.<ext>`, or undefined for any other name. */
export function parseEvidenceFileName(name: string): { sha256: string; ext: string } | undefined {
  const match = EVIDENCE_FILE.exec(name);
  return match ? { sha256: match[1]!, ext: match[2]! } : undefined;
}

export function isAllowedFileName(name: string): boolean {
  return (
    name === MANIFEST_NAME ||
    name === SIGNATURE_NAME ||
    (DATA_FILE_ORDER as readonly string[]).includes(name) ||
    parseEvidenceFileName(name) !== undefined
  );
}

/** GNU tar adds this directory when asked to archive the folder rather than its files. */
export function isAllowedDirectoryName(name: string): boolean {
  return name === EVIDENCE_DIRECTORY;
}

/**
 * Why a tar name is unsafe to create below a directory, or undefined when it
 * is safe. Checked before the allow-list so a hostile name is reported as
 * such, whatever else it is.
 */
export function unsafeNameReason(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name.includes('\u0000')) return 'NUL in name';
  if (name.includes('\\')) return 'backslash in name';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  if (name.normalize('NFC') !== name) return 'name not in Unicode NFC';
  for (const part of name.split('/')) {
    if (part === '..') return 'parent directory (..) in name';
    if (part === '.') return 'current directory (.) in name';
    if (part === '') return 'empty path component';
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character in name';
  return undefined;
}

/** Extensions for the media types Depter sniffs; anything else travels as `.bin`. */
const EXTENSION_OF_MIME: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/ogg': 'ogv',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
  'video/x-msvideo': 'avi',
  'video/3gpp': '3gp',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'audio/webm': 'weba',
  'audio/flac': 'flac',
  'audio/aac': 'aac',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/tiff': 'tif',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'text/plain': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
};

export function extensionForMime(mime: string): string {
  return Object.hasOwn(EXTENSION_OF_MIME, mime) ? EXTENSION_OF_MIME[mime]! : 'bin';
}

export function evidenceFileName(sha256: string, mime: string): string {
  return `${EVIDENCE_DIRECTORY}/${sha256}.${extensionForMime(mime)}`;
}

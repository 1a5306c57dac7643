import { z } from 'zod';
import { syncFieldsSchema } from './sync';

/**
 * Evidence: a file attached to one or more incidents. The file itself lives
 * encrypted in main's evidence store (age v1 to the device's X25519
 * identity); this record, sealed in the database like every other record,
 * says what it is. Attaching the same file (SHA-256) again adds an incident
 * to the record's `incidentIds`, never a second copy. Records imported from
 * another device that attached the same file stay records of their own:
 * two records may name one stored file.
 */

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const sha256HexSchema = z.string().regex(SHA256_HEX, 'SHA-256 as 64 lowercase hex digits');

/**
 * Media types the app plays or previews inside its own window. Anything else
 * (PDF, office documents, archives, unknown) is stored and verified like the
 * rest, but leaves the vault only as a decrypted copy the user saves on purpose.
 */
export const PLAYABLE_MEDIA_TYPES = {
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/ogg': 'video',
  'video/quicktime': 'video',
  'audio/mpeg': 'audio',
  'audio/mp4': 'audio',
  'audio/ogg': 'audio',
  'audio/wav': 'audio',
  'audio/webm': 'audio',
  'audio/flac': 'audio',
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
} as const satisfies Record<string, 'video' | 'audio' | 'image'>;
export type PlayableMediaType = keyof typeof PLAYABLE_MEDIA_TYPES;
export type PlaybackKind = (typeof PLAYABLE_MEDIA_TYPES)[PlayableMediaType];

export function playbackKindOf(mime: string): PlaybackKind | null {
  return Object.hasOwn(PLAYABLE_MEDIA_TYPES, mime)
    ? PLAYABLE_MEDIA_TYPES[mime as PlayableMediaType]
    : null;
}

/** Used when content sniffing recognises nothing. */
export const UNKNOWN_MEDIA_TYPE = 'application/octet-stream';

const isoInstant = z.iso.datetime({ offset: false });

export const evidenceBodySchema = z.object({
  sha256: sha256HexSchema,
  /** Plaintext size in bytes. */
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Sniffed from the content when attached, not from the file name. */
  mime: z
    .string()
    .min(3)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/),
  /** The file's name on the monitor's disk when attached (no folder). */
  originalName: z.string().min(1).max(255),
  /** The file's own modification time when attached; '' when the OS did not say. */
  modifiedAt: z.union([isoInstant, z.literal('')]),
  /** When it was first attached on this or another device. */
  attachedAt: isoInstant,
  /** The device id that first attached it. */
  attachedBy: z.string().min(1).max(100),
  caption: z.string().max(2000),
  /** Incidents this file belongs to; empty only in a tombstone's last revision. */
  incidentIds: z.array(z.uuid()).max(10_000),
});
export type EvidenceBody = z.infer<typeof evidenceBodySchema>;

export const evidenceSchema = syncFieldsSchema.extend(evidenceBodySchema.shape);
export type Evidence = z.infer<typeof evidenceSchema>;

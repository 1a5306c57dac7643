import { z } from 'zod';

/**
 * A partner organisation (or another monitor) this device exchanges bundles
 * with: their age recipient to encrypt to, and optionally their Ed25519
 * signing key so a bundle from them can be told apart from a forgery. A
 * contact says who the monitor works with, so it is sealed at rest like a
 * record; it never travels in a bundle.
 */

/** An age v1 X25519 recipient: `age1` and 58 bech32 characters (lower case). */
export const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
export const ageRecipientSchema = z.string().regex(AGE_RECIPIENT, 'an age1… recipient');

/** A 32-byte Ed25519 public key in standard base64 (44 characters, one `=`). */
export const signingPublicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, 'a 32-byte key in base64');

/** Six groups of five digits (docs/FORMAT.md §6.3), compared aloud to verify a contact. */
export const FINGERPRINT = /^\d{5}( \d{5}){5}$/;
export const fingerprintSchema = z.string().regex(FINGERPRINT);

const isoInstant = z.iso.datetime({ offset: false });

/** Where "changes since the last bundle to this contact" starts: moved only after a successful export. */
export const exportWatermarkSchema = z.object({
  /** This device's change sequence the last bundle to this contact covered. */
  changeSeq: z.number().int().min(0),
  bundleId: z.uuid(),
  at: isoInstant,
});
export type ExportWatermark = z.infer<typeof exportWatermarkSchema>;

export const contactBodySchema = z.object({
  /** How the monitor calls them: an organisation, a colleague. */
  name: z.string().trim().min(1).max(200),
  ageRecipient: ageRecipientSchema,
  /** Null when only the recipient is known (e.g. from `depter keygen`): their bundles show as unknown sender. */
  signingPublicKey: signingPublicKeySchema.nullable(),
  /** The fingerprint was compared with the contact in person or by phone and matched. */
  verified: z.boolean(),
  verifiedAt: isoInstant.nullable(),
  note: z.string().max(2000),
  addedAt: isoInstant,
  lastExport: exportWatermarkSchema.nullable(),
});
export type ContactBody = z.infer<typeof contactBodySchema>;

export const contactSchema = contactBodySchema.extend({ id: z.uuid() });
export type Contact = z.infer<typeof contactSchema>;

/** How this device presents itself in bundles and contact cards; sealed in meta `exchangeProfile`. */
export const exchangeProfileSchema = z.object({
  /** "Name shown to partners": empty until the monitor sets one. */
  senderName: z.string().trim().max(200),
});
export type ExchangeProfile = z.infer<typeof exchangeProfileSchema>;

/** This device's public half, shown on the contacts screen and written into contact cards. */
export const publicIdentitySchema = z.object({
  deviceId: z.string().min(1).max(100),
  ageRecipient: ageRecipientSchema,
  signingPublicKey: signingPublicKeySchema,
  fingerprint: fingerprintSchema,
});
export type PublicIdentity = z.infer<typeof publicIdentitySchema>;

/**
 * How the sender of a bundle relates to this device's contacts, decided by
 * the signing key (the signature itself has already verified):
 * a contact whose fingerprint was verified, a contact not yet verified, a
 * key no contact has, or this device's own key.
 */
export type SenderTrust =
  | { kind: 'verified'; contactId: string }
  | { kind: 'unverified'; contactId: string }
  | { kind: 'unknown' }
  /** Signed with this device's own key: a bundle it exported itself, read back. */
  | { kind: 'self' };

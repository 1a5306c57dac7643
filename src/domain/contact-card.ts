import { AGE_RECIPIENT, FINGERPRINT, signingPublicKeySchema } from './contact';
import { fingerprintOfSigningKey } from './fingerprint';

/**
 * The contact card (docs/FORMAT.md §7): the short text two monitors hand
 * each other — pasted, saved as a file or shown as a QR code — so each can
 * encrypt bundles to the other and recognise the other's signature.
 *
 *   depter-contact: 1
 *   name: <how the sender calls themselves>
 *   age-recipient: age1…
 *   signing-key: <base64 of 32 bytes>
 *   fingerprint: <six groups of five digits>
 *
 * Also read: a bare age recipient, and the `# public key: age1…` line of
 * `depter keygen` / `age-keygen` output (recipient only). The fingerprint
 * line is informational; the app always recomputes it, and refuses a card
 * whose line disagrees with its key (a card edited by hand or garbled).
 */

export const CONTACT_CARD_HEADER = 'depter-contact: 1';
/** Far above any real card (about 200 characters), low enough to refuse a wrong file at once. */
export const MAX_CARD_CHARS = 8 * 1024;
export const MAX_CARD_NAME_CHARS = 200;

export interface ContactCard {
  /** Null when the text carried none (a bare recipient): the user names the contact. */
  name: string | null;
  ageRecipient: string;
  /** Null for a recipient without a signing key: such a contact cannot be verified. */
  signingPublicKey: string | null;
}

export const CONTACT_CARD_ERRORS = [
  'EMPTY',
  'TOO_LONG',
  'NOT_A_CARD',
  'UNSUPPORTED_VERSION',
  'SECRET_KEY',
  'UNKNOWN_FIELD',
  'DUPLICATE_FIELD',
  'MISSING_RECIPIENT',
  'BAD_RECIPIENT',
  'BAD_NAME',
  'BAD_SIGNING_KEY',
  'BAD_FINGERPRINT',
  'FINGERPRINT_WITHOUT_KEY',
  'FINGERPRINT_MISMATCH',
] as const;
export type ContactCardError = (typeof CONTACT_CARD_ERRORS)[number];

export type ContactCardResult =
  { ok: true; card: ContactCard } | { ok: false; error: ContactCardError };

const CARD_FIELDS = ['name', 'age-recipient', 'signing-key', 'fingerprint'] as const;
type CardField = (typeof CARD_FIELDS)[number];

const VERSION_LINE = /^depter-contact:\s*(.*)$/;
const PUBLIC_KEY_LINE = /^#?\s*public key:\s*(\S+)$/i;
// A pasted key file would hand out the secret: refuse it whole rather than pick the public line out.
const SECRET_KEY = /AGE-SECRET-KEY-1|depter-signing-key-ed25519|depter-records-key/i;
// Line breaks, tabs and other control characters cannot stand in a one-line field.
const CONTROL_CHARS = /\p{Cc}/u;

function fail(error: ContactCardError): ContactCardResult {
  return { ok: false, error };
}

function isCardField(key: string): key is CardField {
  return (CARD_FIELDS as readonly string[]).includes(key);
}

function recipientOnly(candidate: string): ContactCardResult {
  if (!AGE_RECIPIENT.test(candidate)) return fail('BAD_RECIPIENT');
  return { ok: true, card: { name: null, ageRecipient: candidate, signingPublicKey: null } };
}

export function parseContactCard(text: string): ContactCardResult {
  if (text.length > MAX_CARD_CHARS) return fail('TOO_LONG');
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const first = lines[0];
  if (first === undefined) return fail('EMPTY');
  if (SECRET_KEY.test(text)) return fail('SECRET_KEY');

  const version = VERSION_LINE.exec(first);
  if (version) {
    if (version[1] !== '1') return fail('UNSUPPORTED_VERSION');
    return parseCardFields(lines.slice(1));
  }
  if (lines.length === 1 && first.toLowerCase().startsWith('age1')) return recipientOnly(first);
  // age-keygen's output: comment lines, one of them naming the public key (or its "Public key:" notice).
  const publicKeys = lines.flatMap((line) => PUBLIC_KEY_LINE.exec(line)?.[1] ?? []);
  const otherLines = lines.filter((line) => !PUBLIC_KEY_LINE.test(line) && !line.startsWith('#'));
  const [publicKey] = publicKeys;
  if (publicKey !== undefined && publicKeys.length === 1 && otherLines.length === 0) {
    return recipientOnly(publicKey);
  }
  return fail('NOT_A_CARD');
}

function parseCardFields(lines: string[]): ContactCardResult {
  const fields = new Map<CardField, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return fail('UNKNOWN_FIELD');
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!isCardField(key)) return fail('UNKNOWN_FIELD');
    if (fields.has(key)) return fail('DUPLICATE_FIELD');
    fields.set(key, line.slice(colon + 1).trim());
  }

  const ageRecipient = fields.get('age-recipient');
  if (ageRecipient === undefined) return fail('MISSING_RECIPIENT');
  if (!AGE_RECIPIENT.test(ageRecipient)) return fail('BAD_RECIPIENT');

  const name = fields.get('name');
  if (name !== undefined && (name.length === 0 || name.length > MAX_CARD_NAME_CHARS)) {
    return fail('BAD_NAME');
  }

  const signingKey = fields.get('signing-key');
  if (signingKey !== undefined && !signingPublicKeySchema.safeParse(signingKey).success) {
    return fail('BAD_SIGNING_KEY');
  }
  const fingerprint = fields.get('fingerprint');
  if (fingerprint !== undefined) {
    const normalised = fingerprint.split(/\s+/).join(' ');
    if (!FINGERPRINT.test(normalised)) return fail('BAD_FINGERPRINT');
    if (signingKey === undefined) return fail('FINGERPRINT_WITHOUT_KEY');
    if (fingerprintOfSigningKey(signingKey) !== normalised) return fail('FINGERPRINT_MISMATCH');
  }

  return {
    ok: true,
    card: { name: name ?? null, ageRecipient, signingPublicKey: signingKey ?? null },
  };
}

/** One line, so a name cannot add fields of its own to the card. */
function cardName(name: string): string {
  return name
    .split('')
    .map((char) => (CONTROL_CHARS.test(char) ? ' ' : char))
    .join('')
    .trim()
    .slice(0, MAX_CARD_NAME_CHARS);
}

/** The card text, LF line ends and a final LF; the name line is left out when there is no name. */
export function writeContactCard(card: ContactCard): string {
  if (!AGE_RECIPIENT.test(card.ageRecipient)) throw new RangeError('not an age recipient');
  const lines = [CONTACT_CARD_HEADER];
  const name = card.name === null ? '' : cardName(card.name);
  if (name.length > 0) lines.push(`name: ${name}`);
  lines.push(`age-recipient: ${card.ageRecipient}`);
  if (card.signingPublicKey !== null) {
    lines.push(`signing-key: ${signingPublicKeySchema.parse(card.signingPublicKey)}`);
    lines.push(`fingerprint: ${fingerprintOfSigningKey(card.signingPublicKey)}`);
  }
  return `${lines.join('\n')}\n`;
}

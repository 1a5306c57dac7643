import {
  contactBodySchema,
  contactSchema,
  exchangeProfileSchema,
  type Contact,
  type ExchangeProfile,
} from '../domain/contact';
import type { RecordCodec } from './record-codec';
import { sameStoredValue } from './record-journal';
import type { StoreContext } from './record-store';
import type { MetaRow, StoredContact } from './schema';

/**
 * Contacts at rest: the id stays readable (it is the row's key), everything
 * else — name, keys, note, watermark — is sealed under `contacts:<id>`, so a
 * sealed body moved onto another contact's row does not open. The exchange
 * profile (the name shown to partners) is sealed in meta `exchangeProfile`.
 *
 * Like every sealed value, seal before a write transaction and open after a
 * read one (see RecordCodec); a write re-reads the rows it decided on and
 * starts over if another tab changed them meanwhile.
 */

const PROFILE_KEY = 'exchangeProfile';
const PROFILE_AAD = 'meta:exchangeProfile';
/** Another tab writing contacts at the very same moment is rare; a few rounds settle it. */
const WRITE_ATTEMPTS = 5;

function contactAad(id: string): string {
  return `contacts:${id}`;
}

export async function sealContact(codec: RecordCodec, contact: Contact): Promise<StoredContact> {
  const { id, ...body } = contactSchema.parse(contact);
  return { id, payload: await codec.seal(body, contactAad(id)) };
}

/** Throws when the row does not open or does not hold a valid contact. */
export async function openContact(codec: RecordCodec, row: StoredContact): Promise<Contact> {
  const body = contactBodySchema.parse(await codec.open(row.payload, contactAad(row.id)));
  return contactSchema.parse({ ...body, id: row.id });
}

/** Another contact already has this age recipient: one partner, one contact. */
export class DuplicateRecipientError extends Error {
  override readonly name = 'DuplicateRecipientError';
  constructor(readonly existingContactId: string) {
    super('another contact already has this age recipient');
  }
}

/** A contact without a signing key has no fingerprint to compare, so it cannot be verified. */
export class UnverifiableContactError extends Error {
  override readonly name = 'UnverifiableContactError';
  constructor() {
    super('a contact without a signing key cannot be verified');
  }
}

class ContactsChangedError extends Error {
  override readonly name = 'ContactsChangedError';
}

export interface ContactRecords {
  /** By name; a row that no longer opens is left out with a warning. */
  listContacts(): Promise<Contact[]>;
  getContact(id: string): Promise<Contact | undefined>;
  /**
   * Adds or replaces a contact (ZodError when invalid). Refused with
   * DuplicateRecipientError when another contact has the same recipient, and
   * UnverifiableContactError when marked verified without a signing key.
   * A changed signing key clears `verified`; the stored export watermark is
   * kept (only a successful export moves it). Returns the contact as stored.
   */
  saveContact(contact: Contact): Promise<Contact>;
  deleteContact(id: string): Promise<void>;
  /** The contact whose signing key is `base64Key`, to tell a bundle's sender. */
  findContactBySigningKey(base64Key: string): Promise<Contact | undefined>;
  /** `{ senderName: '' }` until one is set. */
  getExchangeProfile(): Promise<ExchangeProfile>;
  setExchangeProfile(profile: ExchangeProfile): Promise<void>;
}

interface OpenedRow {
  row: StoredContact;
  contact: Contact | undefined;
}

export function createContactRecords(context: StoreContext): ContactRecords {
  const { db, codec } = context;

  const openRows = async (rows: readonly StoredContact[]): Promise<OpenedRow[]> =>
    Promise.all(
      rows.map(async (row) => {
        try {
          return { row, contact: await openContact(codec, row) };
        } catch (error) {
          console.warn(`contact ${row.id} cannot be opened and is left out`, error);
          return { row, contact: undefined };
        }
      }),
    );

  const allContacts = async (): Promise<OpenedRow[]> => openRows(await db.contacts.toArray());

  const decide = (incoming: Contact, opened: readonly OpenedRow[]): Contact => {
    const parsed = contactSchema.parse(incoming);
    const stored = opened.find((entry) => entry.row.id === parsed.id)?.contact;
    const twin = opened.find(
      (entry) => entry.row.id !== parsed.id && entry.contact?.ageRecipient === parsed.ageRecipient,
    );
    if (twin) throw new DuplicateRecipientError(twin.row.id);
    const keyChanged = stored !== undefined && stored.signingPublicKey !== parsed.signingPublicKey;
    const verified = parsed.verified && !keyChanged;
    if (verified && parsed.signingPublicKey === null) throw new UnverifiableContactError();
    return {
      ...parsed,
      verified,
      verifiedAt: verified ? (parsed.verifiedAt ?? new Date().toISOString()) : null,
      lastExport: stored ? stored.lastExport : parsed.lastExport,
    };
  };

  const saveOnce = async (incoming: Contact): Promise<Contact> => {
    const before = await db.contacts.toArray();
    const contact = decide(incoming, await openRows(before));
    const sealed = await sealContact(codec, contact);
    await db.transaction('rw', db.contacts, async () => {
      const now = await db.contacts.toArray();
      const unchanged =
        now.length === before.length &&
        now.every((row, index) => sameStoredValue(row, before[index]));
      if (!unchanged) throw new ContactsChangedError();
      await db.contacts.put(sealed);
    });
    return contact;
  };

  return {
    async listContacts() {
      const contacts = (await allContacts()).flatMap((entry) => entry.contact ?? []);
      return contacts.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    },

    async getContact(id) {
      const row = await db.contacts.get(id);
      if (!row) return undefined;
      const [opened] = await openRows([row]);
      return opened?.contact;
    },

    async saveContact(incoming) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await saveOnce(incoming);
        } catch (error) {
          if (!(error instanceof ContactsChangedError) || attempt >= WRITE_ATTEMPTS) throw error;
        }
      }
    },

    async deleteContact(id) {
      await db.contacts.delete(id);
    },

    async findContactBySigningKey(base64Key) {
      const opened = await allContacts();
      return opened.find((entry) => entry.contact?.signingPublicKey === base64Key)?.contact;
    },

    async getExchangeProfile() {
      const row = await db.meta.get(PROFILE_KEY);
      if (!row) return { senderName: '' };
      return exchangeProfileSchema.parse(await codec.open(row.value, PROFILE_AAD));
    },

    async setExchangeProfile(profile) {
      const parsed = exchangeProfileSchema.parse(profile);
      const row: MetaRow = { key: PROFILE_KEY, value: await codec.seal(parsed, PROFILE_AAD) };
      await db.meta.put(row);
    },
  };
}

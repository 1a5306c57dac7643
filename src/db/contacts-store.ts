import { contactBodySchema, contactSchema, type Contact } from '../domain/contact';
import type { RecordCodec } from './record-codec';
import type { StoredContact } from './schema';

/**
 * A contact at rest: the id stays readable (it is the row's key), everything
 * else — name, keys, note, watermark — is sealed under `contacts:<id>`, so a
 * sealed body moved onto another contact's row does not open.
 *
 * Like every sealed value, seal before a write transaction and open after a
 * read one (see RecordCodec).
 */

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

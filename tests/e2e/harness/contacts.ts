import type { Page } from '@playwright/test';
import { sealContact } from '../../../src/db/contacts-store';
import type { Contact } from '../../../src/domain/contact';
import { importRecordsKey } from '../../../src/vault/records-cipher';
import { createSealedCodec } from '../../../src/vault/sealed-codec';
import type { BridgeRecorder } from './depter-services';

/** A partner as the contacts screen would store them: their recipient and signing key. */
export interface PartnerCard {
  name: string;
  ageRecipient: string;
  /** Standard base64 of the 32-byte Ed25519 key, or null when only the recipient is known. */
  signingPublicKey: string | null;
  verified: boolean;
}

/** The public half of a device's keys, taken from its real vault service (it must be unlocked). */
export function cardOf(bridge: BridgeRecorder, name: string): PartnerCard {
  const keys = bridge.vault.keys();
  if (!keys) throw new Error('the vault is locked');
  return {
    name,
    ageRecipient: keys.ageRecipient,
    signingPublicKey: keys.signingPublicKey.toString('base64'),
    verified: false,
  };
}

/**
 * Stores a contact sealed exactly as the repository seals it (with this
 * session's records key from the real vault service) straight into the
 * page's IndexedDB, for scenarios about exchange rather than about the
 * contacts screen. The app reads it like any other contact.
 */
export async function storeContact(
  page: Page,
  bridge: BridgeRecorder,
  card: PartnerCard,
): Promise<Contact> {
  const keys = bridge.vault.keys();
  if (!keys) throw new Error('the vault is locked');
  const codec = createSealedCodec(await importRecordsKey(keys.recordsKey.toString('base64')));
  const now = new Date().toISOString();
  const contact: Contact = {
    id: crypto.randomUUID(),
    name: card.name,
    ageRecipient: card.ageRecipient,
    signingPublicKey: card.signingPublicKey,
    verified: card.verified,
    verifiedAt: card.verified ? now : null,
    note: '',
    addedAt: now,
    lastExport: null,
  };
  const row = await sealContact(codec, contact);
  const box = row.payload as { v: number; iv: Uint8Array; ct: Uint8Array };
  await page.evaluate(
    ({ id, v, iv, ct }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('depter');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const transaction = db.transaction('contacts', 'readwrite');
          transaction
            .objectStore('contacts')
            .put({ id, payload: { v, iv: new Uint8Array(iv), ct: new Uint8Array(ct) } });
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    { id: row.id, v: box.v, iv: [...box.iv], ct: [...box.ct] },
  );
  return contact;
}

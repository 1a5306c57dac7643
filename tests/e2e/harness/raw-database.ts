import type { Page } from '@playwright/test';

/** How a stored body was damaged: a flipped byte in a sealed box, or a field of the wrong type. */
export type Damage = 'sealed-bytes' | 'schema';

/**
 * Damages one stored incident in place in the app's IndexedDB (database
 * "depter", store "incidents", envelope as in src/db/schema.ts), the way a bad disk sector or an
 * older version would, without knowing the sealing format: if the body holds
 * bytes (a sealed box) the last byte is flipped, so it no longer opens;
 * otherwise (a plaintext body) `victims` gets a value of the wrong type.
 */
export async function damageStoredIncident(page: Page, id: string): Promise<Damage> {
  return page.evaluate(
    (recordId) =>
      new Promise<'sealed-bytes' | 'schema'>((resolve, reject) => {
        const request = indexedDB.open('depter');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const transaction = db.transaction('incidents', 'readwrite');
          const store = transaction.objectStore('incidents');
          let damage: 'sealed-bytes' | 'schema' = 'schema';
          const read = store.get(recordId);
          read.onsuccess = () => {
            const row = read.result as { body: Record<string, unknown> } | undefined;
            if (!row) {
              reject(new Error(`no stored incident ${recordId}`));
              return;
            }
            const bytes = Object.values(row.body).find(
              (value): value is Uint8Array => value instanceof Uint8Array && value.length > 0,
            );
            if (bytes) {
              bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
              damage = 'sealed-bytes';
            } else {
              row.body.victims = 'около 100 задержанных';
            }
            store.put(row);
          };
          transaction.oncomplete = () => {
            db.close();
            resolve(damage);
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    id,
  );
}

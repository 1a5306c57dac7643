import type { Page } from '@playwright/test';

/** A row of the app's `incidents` or `actors` store as src/db/schema.ts defines the envelope. */
export interface RawStoredRow {
  id: string;
  rev: number;
  updatedAt: string;
  updatedBy: string;
  changeSeq: number;
  deleted: boolean;
  body: unknown;
}

/**
 * Writes a row straight into the app's IndexedDB (database "depter"),
 * bypassing the repository, as a damaged disk or an older version would
 * leave it. The app must have opened the database once before.
 */
export async function writeRawRow(
  page: Page,
  table: 'incidents' | 'actors',
  row: RawStoredRow,
): Promise<void> {
  await page.evaluate(
    ([store, value]) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('depter');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const transaction = db.transaction(store, 'readwrite');
          transaction.objectStore(store).put(value);
          transaction.oncomplete = () => {
            db.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    [table, row] as const,
  );
}

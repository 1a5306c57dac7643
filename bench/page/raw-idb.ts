/**
 * The reference the repository is compared with: plain IndexedDB calls on the
 * same rows, no Dexie, no validation, no audit log.
 */

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

export function openExisting(name: string): Promise<IDBDatabase> {
  return request(indexedDB.open(name));
}

export async function deleteDatabase(name: string): Promise<void> {
  await request(indexedDB.deleteDatabase(name));
}

/** Every row of a store, as stored: one getAll() in one read-only transaction. */
export async function readAll(db: IDBDatabase, storeName: string): Promise<unknown[]> {
  const transaction = db.transaction(storeName, 'readonly');
  const rows = await request(transaction.objectStore(storeName).getAll());
  await done(transaction);
  return rows;
}

/** A fresh database with one store shaped like the repository's record stores. */
export function createRecordDatabase(name: string, storeName: string): Promise<IDBDatabase> {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore(storeName, { keyPath: 'id' });
    store.createIndex('changeSeq', 'changeSeq');
    store.createIndex('updatedAt', 'updatedAt');
  };
  return request(open);
}

/** put() of each row, one transaction per batch, with the durability the app asks for. */
export async function writeBatch(db: IDBDatabase, storeName: string, rows: readonly unknown[]) {
  const transaction = db.transaction(storeName, 'readwrite', { durability: 'strict' });
  const store = transaction.objectStore(storeName);
  for (const row of rows) store.put(row);
  await done(transaction);
}

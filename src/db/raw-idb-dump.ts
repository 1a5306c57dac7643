// For specs only: everything an IndexedDB factory holds, as text, read with
// the raw IndexedDB API (not Dexie, not the repository), the way someone
// with the disk would look at it.

import { requestResult } from './idb-request';

function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
  });
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** Bytes shown both ways a reader might try: as Latin-1 (every byte) and as UTF-8 text. */
function describeBytes(bytes: Uint8Array): { latin1: string; utf8: string } {
  return { latin1: latin1.decode(bytes), utf8: utf8.decode(bytes) };
}

function serialise(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return describeBytes(new Uint8Array(value));
  if (ArrayBuffer.isView(value)) {
    return describeBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(serialise);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, serialise(inner)]));
  }
  return value;
}

/** Every database, object store, key and value in `factory`, as one deterministic string. */
export async function dumpIndexedDb(factory: IDBFactory): Promise<string> {
  const databases = (await factory.databases())
    .map((info) => info.name)
    .filter((name): name is string => typeof name === 'string')
    .sort();
  const dump: unknown[] = [];
  for (const name of databases) {
    const db = await openExisting(factory, name);
    try {
      const storeNames = [...db.objectStoreNames].sort();
      const stores: unknown[] = [];
      for (const storeName of storeNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([
          requestResult(store.getAllKeys()),
          requestResult(store.getAll()),
        ]);
        stores.push({ storeName, keys: serialise(keys), values: serialise(values) });
      }
      dump.push({ name, version: db.version, stores });
    } finally {
      db.close();
    }
  }
  return JSON.stringify(dump);
}

// For specs only: a repository on a private in-memory IndexedDB.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { emptyActorBody, type ActorBody } from '../domain/actor';
import { emptyIncidentBody, type IncidentBody } from '../domain/incident';
import { importRecordsKey } from '../vault/records-cipher';
import { createSealedCodec } from '../vault/sealed-codec';
import { createDatabase, type DepterDatabase } from './database';
import type { RecordCodec } from './record-codec';
import { openRepository, type RepositoryOptions } from './repository';
import type { Repository } from './repository-types';

let databaseCounter = 0;

export interface TestDatabase {
  name: string;
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

/** A fresh, empty IndexedDB with a name no other test uses. */
export function freshTestDatabase(): TestDatabase {
  databaseCounter += 1;
  return { name: `depter-test-${databaseCounter}`, indexedDB: new IDBFactory(), IDBKeyRange };
}

export function openTestRepository(
  database: TestDatabase = freshTestDatabase(),
  options: Omit<RepositoryOptions, keyof TestDatabase> = {},
): Promise<Repository> {
  return openRepository({ ...database, ...options });
}

/** The real sealing codec under a fresh random records key, as a vault session gives one. */
export async function newTestCodec(): Promise<RecordCodec> {
  const raw = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
  return createSealedCodec(await importRecordsKey(raw));
}

/** Direct access to the tables, as a damaged disk or a curious attacker would have. */
export async function withRawDatabase<T>(
  database: TestDatabase,
  work: (db: DepterDatabase) => Promise<T>,
): Promise<T> {
  const db = createDatabase(database);
  try {
    await db.open();
    return await work(db);
  } finally {
    db.close();
  }
}

/** The 18 March 2017 march in Bishkek, as a monitor might record it. */
export function sampleIncidentBody(overrides: Partial<IncidentBody> = {}): IncidentBody {
  return {
    ...emptyIncidentBody(),
    title: 'Марш за свободу слова в Бишкеке: задержания',
    summary: 'Задержаны депутат и журналист Би-би-си; пять активистов арестованы на пять суток.',
    categories: ['assembly', 'expression'],
    violations: ['detention', 'administrative_arrest', 'denial_of_counsel'],
    date: { precision: 'day', start: '2017-03-18', end: '' },
    location: { region: 'bishkek', settlement: '', place: 'Парк Победы', coordinates: null },
    groups: [{ outcome: 'sentenced', count: 5, qualifier: 'exact', description: '' }],
    perpetrators: [{ type: 'police', actorId: null, description: '' }],
    ...overrides,
  };
}

export function sampleActorBody(overrides: Partial<ActorBody> = {}): ActorBody {
  return {
    ...emptyActorBody('person'),
    name: 'Журналист Би-би-си',
    nameVariants: ['BBC journalist'],
    defaultRole: 'journalist',
    ...overrides,
  };
}

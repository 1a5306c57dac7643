import { afterEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Contact } from '../domain/contact';
import { newId } from '../domain/ids';
import {
  DuplicateRecipientError,
  UnverifiableContactError,
  openContact,
  sealContact,
} from './contacts-store';
import { dumpIndexedDb } from './raw-idb-dump';
import type { RecordCodec } from './record-codec';
import type { Repository } from './repository-types';
import {
  freshTestDatabase,
  newTestCodec,
  openTestRepository,
  withRawDatabase,
  type TestDatabase,
} from './test-repository';

const DEVICE = '01890a5d-ac96-7000-8000-0000000000d1';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const open: Repository[] = [];

afterEach(() => {
  for (const repository of open.splice(0)) repository.close();
});

function randomRecipient(): string {
  const chars = crypto.getRandomValues(new Uint8Array(58));
  return `age1${Array.from(chars, (byte) => BECH32[byte % 32]).join('')}`;
}

function randomSigningKey(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
}

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: newId(),
    name: 'Правозащитный центр «Кылым Шамы»',
    ageRecipient: randomRecipient(),
    signingPublicKey: randomSigningKey(),
    verified: false,
    verifiedAt: null,
    note: 'Встреча в Оше, 3 декабря',
    addedAt: '2026-12-01T10:00:00.000Z',
    lastExport: null,
    ...overrides,
  };
}

async function openSealed(database: TestDatabase, codec: RecordCodec): Promise<Repository> {
  const repository = await openTestRepository(database, { codec, deviceId: DEVICE });
  open.push(repository);
  return repository;
}

async function sealedRepository(): Promise<{
  repository: Repository;
  database: TestDatabase;
  codec: RecordCodec;
}> {
  const database = freshTestDatabase();
  const codec = await newTestCodec();
  return { repository: await openSealed(database, codec), database, codec };
}

describe('sealContact / openContact', () => {
  it('round-trips a contact and keeps only the id readable', async () => {
    const codec = await newTestCodec();
    const value = contact();
    const row = await sealContact(codec, value);
    expect(row.id).toBe(value.id);
    expect(JSON.stringify(row)).not.toContain(value.ageRecipient);
    expect(await openContact(codec, row)).toEqual(value);
  });

  it('does not open a sealed body moved onto another contact, or under another key', async () => {
    const codec = await newTestCodec();
    const row = await sealContact(codec, contact());
    await expect(openContact(codec, { ...row, id: newId() })).rejects.toThrow();
    await expect(openContact(await newTestCodec(), row)).rejects.toThrow();
  });

  it('refuses to seal an invalid contact', async () => {
    const codec = await newTestCodec();
    await expect(sealContact(codec, contact({ ageRecipient: 'age1short' }))).rejects.toThrow(
      ZodError,
    );
    await expect(sealContact(codec, contact({ name: '  ' }))).rejects.toThrow(ZodError);
  });
});

describe('contact records', () => {
  it('saves, lists by name, gets, edits and deletes contacts', async () => {
    const { repository } = await sealedRepository();
    const b = await repository.saveContact(contact({ name: 'Бишкек' }));
    const a = await repository.saveContact(contact({ name: 'Ала-Тоо' }));
    expect((await repository.listContacts()).map((entry) => entry.name)).toEqual([
      'Ала-Тоо',
      'Бишкек',
    ]);
    expect(await repository.getContact(a.id)).toEqual(a);

    const renamed = await repository.saveContact({ ...a, name: 'Ала-Тоо 2', note: 'new note' });
    expect(await repository.getContact(a.id)).toEqual(renamed);
    expect(renamed.note).toBe('new note');

    await repository.deleteContact(b.id);
    expect(await repository.getContact(b.id)).toBeUndefined();
    expect((await repository.listContacts()).map((entry) => entry.id)).toEqual([a.id]);
    await repository.deleteContact(b.id);
  });

  it('refuses the same recipient twice, and invalid contacts', async () => {
    const { repository } = await sealedRepository();
    const first = await repository.saveContact(contact());
    const twin = contact({ ageRecipient: first.ageRecipient, name: 'Twin' });
    await expect(repository.saveContact(twin)).rejects.toThrow(DuplicateRecipientError);
    await expect(repository.saveContact(twin)).rejects.toMatchObject({
      existingContactId: first.id,
    });
    await expect(repository.saveContact(contact({ signingPublicKey: 'AAAA' }))).rejects.toThrow(
      ZodError,
    );
    await expect(repository.saveContact(contact({ id: 'not-a-uuid' }))).rejects.toThrow(ZodError);
    expect(await repository.listContacts()).toHaveLength(1);
  });

  it('verifies only contacts with a signing key, and a changed key clears verified', async () => {
    const { repository } = await sealedRepository();
    await expect(
      repository.saveContact(contact({ signingPublicKey: null, verified: true })),
    ).rejects.toThrow(UnverifiableContactError);

    const saved = await repository.saveContact(contact());
    const verified = await repository.saveContact({
      ...saved,
      verified: true,
      verifiedAt: '2026-12-04T12:00:00.000Z',
    });
    expect(verified.verified).toBe(true);
    const renamed = await repository.saveContact({ ...verified, name: 'Renamed' });
    expect(renamed.verified).toBe(true);

    const rekeyed = await repository.saveContact({
      ...renamed,
      signingPublicKey: randomSigningKey(),
    });
    expect(rekeyed).toMatchObject({ verified: false, verifiedAt: null });
    expect(await repository.getContact(saved.id)).toMatchObject({ verified: false });

    const verifiedAgain = await repository.saveContact({
      ...rekeyed,
      verified: true,
      verifiedAt: null,
    });
    expect(verifiedAgain.verified).toBe(true);
    expect(verifiedAgain.verifiedAt).not.toBeNull();
    const keyRemoved = await repository.saveContact({ ...verifiedAgain, signingPublicKey: null });
    expect(keyRemoved).toMatchObject({ verified: false, verifiedAt: null });
  });

  it('keeps the stored export watermark when a contact is edited', async () => {
    const { repository, database, codec } = await sealedRepository();
    const saved = await repository.saveContact(contact());
    const watermark = { changeSeq: 42, bundleId: newId(), at: '2026-12-04T12:00:00.000Z' };
    const row = await sealContact(codec, { ...saved, lastExport: watermark });
    await withRawDatabase(database, (db) => db.contacts.put(row));
    const edited = await repository.saveContact({ ...saved, note: 'edited from an old copy' });
    expect(edited.lastExport).toEqual(watermark);
    expect((await repository.getContact(saved.id))?.lastExport).toEqual(watermark);
  });

  it('finds a contact by signing key', async () => {
    const { repository } = await sealedRepository();
    const withKey = await repository.saveContact(contact());
    await repository.saveContact(contact({ signingPublicKey: null }));
    expect(await repository.findContactBySigningKey(withKey.signingPublicKey ?? '')).toEqual(
      withKey,
    );
    expect(await repository.findContactBySigningKey(randomSigningKey())).toBeUndefined();
    expect(await repository.findContactBySigningKey('')).toBeUndefined();
  });

  it('leaves out a contact row that no longer opens', async () => {
    const { repository, database } = await sealedRepository();
    const good = await repository.saveContact(contact());
    const moved = await repository.saveContact(contact());
    await withRawDatabase(database, async (db) => {
      const row = await db.contacts.get(good.id);
      if (!row) throw new Error('row missing');
      await db.contacts.put({ id: moved.id, payload: row.payload });
    });
    const listed = await repository.listContacts();
    expect(listed.map((entry) => entry.id)).toEqual([good.id]);
    expect(await repository.getContact(moved.id)).toBeUndefined();
  });

  it('keeps the exchange profile, empty until set', async () => {
    const { repository, database, codec } = await sealedRepository();
    expect(await repository.getExchangeProfile()).toEqual({ senderName: '' });
    await repository.setExchangeProfile({ senderName: '  Монитор в Оше ' });
    expect(await repository.getExchangeProfile()).toEqual({ senderName: 'Монитор в Оше' });
    await expect(repository.setExchangeProfile({ senderName: 'x'.repeat(201) })).rejects.toThrow(
      ZodError,
    );
    repository.close();
    open.splice(0);
    const reopened = await openSealed(database, codec);
    expect(await reopened.getExchangeProfile()).toEqual({ senderName: 'Монитор в Оше' });
  });

  it('shows no name, recipient, key, note or sender name in the raw database', async () => {
    const { repository, database } = await sealedRepository();
    const markers = ['MARKER-NAME-ЖЫЙ', 'MARKER-NOTE-ЖЫЙ', 'MARKER-SENDER-ЖЫЙ'];
    const saved = await repository.saveContact(
      contact({ name: markers[0], note: markers[1], verified: true, verifiedAt: null }),
    );
    await repository.setExchangeProfile({ senderName: markers[2] ?? '' });
    const secrets = [
      ...markers,
      saved.ageRecipient,
      saved.signingPublicKey ?? '',
      Buffer.from(saved.signingPublicKey ?? '', 'base64').toString('hex'),
    ];
    const dump = await dumpIndexedDb(database.indexedDB);
    expect(dump).toContain(saved.id);
    expect(secrets.filter((secret) => dump.includes(secret))).toEqual([]);
  });

  it('(control) the same scan finds them when stored in clear', async () => {
    const database = freshTestDatabase();
    const repository = await openTestRepository(database, { deviceId: DEVICE });
    open.push(repository);
    const saved = await repository.saveContact(contact({ name: 'MARKER-NAME-ЖЫЙ' }));
    await repository.setExchangeProfile({ senderName: 'MARKER-SENDER-ЖЫЙ' });
    const dump = await dumpIndexedDb(database.indexedDB);
    for (const value of ['MARKER-NAME-ЖЫЙ', 'MARKER-SENDER-ЖЫЙ', saved.ageRecipient]) {
      expect(dump).toContain(value);
    }
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decrypt, encrypt } from './buffer-api';
import { isAgeError } from './errors';
import { formatIdentityFile, parseIdentityFile } from './identity-file';
import { generateX25519Identity, recipientFromIdentity } from './keys';
import {
  assertReferenceAgeInstalled,
  runAge,
  runAgeKeygen,
  runAgeWithPassphrase,
} from './reference-age-cli.testing';

/** Interoperability with the reference implementation, both directions, real files. */

const SIZES = [0, 1, 65535, 65536, 65537, 3 * 1024 * 1024 + 7];

let directory: string;
const path = (name: string): string => join(directory, name);

beforeAll(() => {
  assertReferenceAgeInstalled();
  directory = mkdtempSync(join(tmpdir(), 'depter-age-interop-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('X25519 with the reference age', () => {
  it.each(SIZES)('our encryption of %i bytes decrypts with age -d -i', async (size) => {
    const { identity, recipient } = generateX25519Identity();
    writeFileSync(path('ours.key'), formatIdentityFile(identity));
    const plaintext = randomBytes(size);
    writeFileSync(path('ours.age'), await encrypt(plaintext, { recipients: [recipient] }));
    const decrypted = runAge(['-d', '-i', path('ours.key'), path('ours.age')]);
    expect(decrypted.equals(plaintext)).toBe(true);
  });

  it.each(SIZES)('age -r encryption of %i bytes decrypts with ours', async (size) => {
    const { identity, recipient } = generateX25519Identity();
    const plaintext = randomBytes(size);
    const ciphertext = runAge(['-r', recipient], plaintext);
    const decrypted = await decrypt(ciphertext, { identities: [identity] });
    expect(decrypted.equals(plaintext)).toBe(true);
  });

  it('multiple recipients: each of them can decrypt, an outsider cannot', async () => {
    const people = [generateX25519Identity(), generateX25519Identity(), generateX25519Identity()];
    const outsider = generateX25519Identity();
    const plaintext = randomBytes(100_000);
    const recipients = people.map((person) => person.recipient);

    writeFileSync(path('multi.age'), await encrypt(plaintext, { recipients }));
    const theirs = runAge(
      recipients.flatMap((recipient) => ['-r', recipient]),
      plaintext,
    );
    for (const [index, person] of people.entries()) {
      writeFileSync(path(`person${index}.key`), formatIdentityFile(person.identity));
      expect(
        runAge(['-d', '-i', path(`person${index}.key`), path('multi.age')]).equals(plaintext),
      ).toBe(true);
      expect((await decrypt(theirs, { identities: [person.identity] })).equals(plaintext)).toBe(
        true,
      );
    }
    await expect(decrypt(theirs, { identities: [outsider.identity] })).rejects.toSatisfy((error) =>
      isAgeError(error, 'NO_MATCH'),
    );
    // An identity list with the right key anywhere in it works.
    const found = await decrypt(theirs, { identities: [outsider.identity, people[2]!.identity] });
    expect(found.equals(plaintext)).toBe(true);
  });

  it("reads age-keygen's identity files and derives the same recipient", async () => {
    runAgeKeygen(['-o', path('keygen.key')]);
    const file = readFileSync(path('keygen.key'), 'utf8');
    const [identity] = parseIdentityFile(file);
    const publicKeyComment = /^# public key: (age1\S+)$/m.exec(file)?.[1];
    expect(recipientFromIdentity(identity!)).toBe(publicKeyComment);
    expect(runAgeKeygen(['-y', path('keygen.key')]).trim()).toBe(publicKeyComment);

    const plaintext = randomBytes(70_000);
    const ciphertext = runAge(['-r', publicKeyComment!], plaintext);
    expect((await decrypt(ciphertext, { identities: [identity!] })).equals(plaintext)).toBe(true);
  });

  it('age-keygen -y accepts our identity files and derives our recipient', () => {
    const { identity, recipient } = generateX25519Identity();
    writeFileSync(path('ours-y.key'), formatIdentityFile(identity));
    expect(runAgeKeygen(['-y', path('ours-y.key')]).trim()).toBe(recipient);
  });
});

describe('scrypt passphrases with the reference age (through a pseudo-terminal)', () => {
  const passphrase = 'Бишкек-2017 марш ӨҮҢ';

  it.each([1, 10, 16])('age -d reads our passphrase file at logN %i', async (logN) => {
    const plaintext = randomBytes(65_537);
    writeFileSync(path(`pass${logN}.age`), await encrypt(plaintext, { passphrase, logN }));
    runAgeWithPassphrase(
      ['-d', '-o', path(`pass${logN}.out`), path(`pass${logN}.age`)],
      [passphrase],
    );
    expect(readFileSync(path(`pass${logN}.out`)).equals(plaintext)).toBe(true);
  });

  it('we read a file age -p wrote (logN 18), and refuse a wrong passphrase', async () => {
    const plaintext = randomBytes(1000);
    writeFileSync(path('their-pass.txt'), plaintext);
    runAgeWithPassphrase(
      ['-p', '-o', path('their-pass.age'), path('their-pass.txt')],
      [passphrase, passphrase],
    );
    const ciphertext = readFileSync(path('their-pass.age'));
    expect(ciphertext.toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    expect((await decrypt(ciphertext, { passphrase })).equals(plaintext)).toBe(true);
    await expect(decrypt(ciphertext, { passphrase: 'wrong' })).rejects.toSatisfy((error) =>
      isAgeError(error, 'BAD_PASSPHRASE'),
    );
    await expect(decrypt(ciphertext, { passphrase, maxLogN: 17 })).rejects.toSatisfy((error) =>
      isAgeError(error, 'WORK_FACTOR_TOO_HIGH'),
    );
  });
});

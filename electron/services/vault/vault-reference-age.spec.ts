import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encrypt } from '../age';
import {
  assertReferenceAgeInstalled,
  runAge,
  runAgeWithPassphrase,
} from '../age/reference-age-cli.testing';
import { parseKeyFile } from './key-file';
import { VaultService } from './vault-service';
import { makeDataDir, PASSPHRASE } from './vault-test-support.testing';

/** Recovery without Depter: Debian's age opens keys.age and the identity inside opens our files. */
describe('keys.age with the reference age tool', () => {
  it('age -d with the passphrase yields our key file; its identity decrypts a file sealed to us', async () => {
    assertReferenceAgeInstalled();
    const dataDir = await makeDataDir();
    // The real work factor, as users' files have it.
    const vault = new VaultService({ dataDir });
    const created = await vault.create(PASSPHRASE);
    if (!created.ok) throw new Error(created.error);
    const { ageIdentity, ageRecipient, deviceId } = created.keys;

    const identityPath = join(dataDir, 'recovered-identity.txt');
    runAgeWithPassphrase(['-d', '-o', identityPath, join(dataDir, 'keys.age')], [PASSPHRASE]);
    const recovered = await readFile(identityPath, 'utf8');
    const parsed = parseKeyFile(recovered);
    expect(parsed.ageIdentity).toBe(ageIdentity);
    expect(parsed.deviceId).toBe(deviceId);

    const evidencePath = join(dataDir, 'evidence.age');
    await writeFile(
      evidencePath,
      await encrypt(Buffer.from('video of the dispersal'), { recipients: [ageRecipient] }),
    );
    const opened = runAge(['-d', '-i', identityPath, evidencePath]);
    expect(opened.toString()).toBe('video of the dispersal');
  }, 60_000);
});

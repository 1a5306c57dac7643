import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiContract } from '../../../src/domain/api';
import { generateVaultKeys } from '../vault/key-file';
import { createIdentityHandlers, MAX_TEXT_FILE_BYTES } from './identity-handlers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'depter-identity-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function handlersChoosing(path: string | null, keys: unknown = null) {
  return createIdentityHandlers({
    vault: { keys: () => keys as never },
    chooseOpenPaths: async () => (path === null ? [] : [path]),
  });
}

describe('openTextFile', () => {
  it('returns the chosen file name and its UTF-8 text', async () => {
    const path = join(dir, 'partner.txt');
    await writeFile(path, 'name: Правозащитный центр\n');
    const answer = await handlersChoosing(path).openTextFile(undefined);
    expect(answer).toEqual({
      opened: true,
      name: 'partner.txt',
      content: 'name: Правозащитный центр\n',
    });
    expect(apiContract.openTextFile.output.parse(answer)).toEqual(answer);
  });

  it('answers opened: false when the user cancels', async () => {
    expect(await handlersChoosing(null).openTextFile(undefined)).toEqual({ opened: false });
  });

  it('refuses a file over 64 KiB without reading it whole', async () => {
    const path = join(dir, 'video.mp4');
    await writeFile(path, Buffer.alloc(MAX_TEXT_FILE_BYTES + 1, 0x61));
    expect(await handlersChoosing(path).openTextFile(undefined)).toEqual({
      opened: 'refused',
      reason: 'TOO_LARGE',
    });
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x61, 0xff, 0xfe])],
    ['binary with NUL bytes', Buffer.from([0x61, 0x00, 0x62])],
  ])('refuses %s as not text', async (_label, bytes) => {
    const path = join(dir, 'x.bin');
    await writeFile(path, bytes);
    expect(await handlersChoosing(path).openTextFile(undefined)).toEqual({
      opened: 'refused',
      reason: 'NOT_TEXT',
    });
  });
});

describe('getPublicIdentity', () => {
  it('gives the unlocked vault recipient, signing key and its fingerprint', async () => {
    const keys = generateVaultKeys();
    const answer = await handlersChoosing(null, keys).getPublicIdentity(undefined);
    expect(apiContract.getPublicIdentity.output.parse(answer)).toEqual(answer);
    expect(answer.ageRecipient).toBe(keys.ageRecipient);
    expect(Buffer.from(answer.signingPublicKey, 'base64').equals(keys.signingPublicKey)).toBe(true);
    expect(answer.fingerprint).toMatch(/^\d{5}( \d{5}){5}$/);
  });

  it('is refused while the vault is locked', async () => {
    await expect(handlersChoosing(null).getPublicIdentity(undefined)).rejects.toThrow(
      /VAULT_LOCKED/,
    );
  });
});

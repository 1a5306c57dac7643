import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { signingKeyFingerprint } from '../../../src/domain/fingerprint';
import { VaultLockedError } from '../api-handlers';
import type { ExchangeApiHandlers, ExchangeContext } from './exchange-types';

/** A contact card or a recipient file is a few hundred bytes; anything larger is not one. */
export const MAX_TEXT_FILE_BYTES = 64 * 1024;

const TEXT_FILTERS = [{ name: 'Text', extensions: ['txt', 'age', 'pub', 'depter-contact'] }];

/** This device's public half, and reading a partner's card or recipient file the user picks. */
export function createIdentityHandlers(
  context: Pick<ExchangeContext, 'vault' | 'chooseOpenPaths'>,
): Pick<ExchangeApiHandlers, 'getPublicIdentity' | 'openTextFile'> {
  return {
    async getPublicIdentity() {
      const keys = context.vault.keys();
      if (keys === null) throw new VaultLockedError();
      return {
        deviceId: keys.deviceId,
        ageRecipient: keys.ageRecipient,
        signingPublicKey: keys.signingPublicKey.toString('base64'),
        fingerprint: signingKeyFingerprint(keys.signingPublicKey),
      };
    },

    async openTextFile() {
      const [path] = await context.chooseOpenPaths({
        multiple: false,
        filters: [...TEXT_FILTERS, { name: '*', extensions: ['*'] }],
      });
      if (path === undefined) return { opened: false };
      const bytes = await readAtMost(path, MAX_TEXT_FILE_BYTES + 1);
      if (bytes.length > MAX_TEXT_FILE_BYTES) {
        return { opened: 'refused', reason: 'TOO_LARGE' };
      }
      let content: string;
      try {
        content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return { opened: 'refused', reason: 'NOT_TEXT' };
      }
      if (content.includes('\0')) return { opened: 'refused', reason: 'NOT_TEXT' };
      return { opened: true, name: basename(path), content };
    },
  };
}

/** Reads up to `limit` bytes, so a huge file chosen by mistake is never loaded whole. */
async function readAtMost(path: string, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const { bytesRead } = await handle.read(buffer, filled, limit - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

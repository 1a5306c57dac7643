import { AgeError } from './errors';
import { parseIdentity, recipientFromIdentity } from './keys';

/** Identity files in age-keygen's format, so a key saved by Depter works with `age -i`. */

export function formatIdentityFile(identity: string, created: Date = new Date()): string {
  const recipient = recipientFromIdentity(identity);
  // age-keygen writes RFC 3339 seconds with the local offset; UTC is equally valid.
  const timestamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `# created: ${timestamp}\n# public key: ${recipient}\n${identity.trim()}\n`;
}

/**
 * Returns every identity in the file; `#` comments and blank lines are
 * ignored, anything else must be a valid identity.
 */
export function parseIdentityFile(text: string): string[] {
  const identities: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    try {
      parseIdentity(line);
    } catch (error) {
      throw new AgeError('INVALID_KEY', `identity file line ${index + 1}: not a valid identity`, {
        cause: error,
      });
    }
    identities.push(line);
  });
  if (identities.length === 0) throw new AgeError('INVALID_KEY', 'identity file holds no identity');
  return identities;
}

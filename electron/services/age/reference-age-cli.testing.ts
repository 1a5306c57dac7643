import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Test helper: drives Debian's reference `age` and `age-keygen`
 * (apt-get install age). Missing tools fail the tests loudly rather than
 * skipping them, because interoperability is the point of these tests.
 */

const AGE = '/usr/bin/age';
const AGE_KEYGEN = '/usr/bin/age-keygen';
const MAX_OUTPUT = 1024 * 1024 * 1024;

export function assertReferenceAgeInstalled(): void {
  if (!existsSync(AGE) || !existsSync(AGE_KEYGEN)) {
    throw new Error('the reference age tool is missing: apt-get install age');
  }
}

export function runAge(args: string[], input?: Buffer): Buffer {
  return execFileSync(AGE, args, { input, maxBuffer: MAX_OUTPUT, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function runAgeKeygen(args: string[]): string {
  return execFileSync(AGE_KEYGEN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * age reads passphrases only from a terminal, so it runs under `script`,
 * which gives it a pseudo-terminal and types our stdin into it.
 */
export function runAgeWithPassphrase(args: string[], passphraseLines: string[]): void {
  const command = [AGE, ...args].map(shellQuote).join(' ');
  execFileSync('script', ['-qec', command, '/dev/null'], {
    input: passphraseLines.map((line) => `${line}\n`).join(''),
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

function shellQuote(argument: string): string {
  return `'${argument.replaceAll("'", "'\\''")}'`;
}

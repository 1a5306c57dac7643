import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  formatIdentityFile,
  generateX25519Identity,
  isAgeError,
  parseIdentityFile,
} from '../../age';
import { BundleError, type BundleFailureClass } from '../errors';
import type { BundleManifest } from '../manifest';
import { inspectBundle, openBundle } from '../open-bundle';

/**
 * The partner CLI `depter`. Its commands, options, output and exit codes are
 * an interface partners script against: change them only compatibly.
 */

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  io: 3,
  identity: 4,
  notABundle: 5,
  notAddressed: 6,
  unsupportedVersion: 7,
  damaged: 8,
  signature: 9,
  contents: 10,
  records: 11,
  volumes: 12,
  interrupted: 130,
} as const;

const EXIT_OF_CLASS: Record<BundleFailureClass, number> = {
  identity: EXIT.identity,
  'not-a-bundle': EXIT.notABundle,
  'not-addressed': EXIT.notAddressed,
  'unsupported-version': EXIT.unsupportedVersion,
  damaged: EXIT.damaged,
  signature: EXIT.signature,
  contents: EXIT.contents,
  records: EXIT.records,
  volumes: EXIT.volumes,
  'export-input': EXIT.internal,
  output: EXIT.io,
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal?: AbortSignal;
}

const USAGE = `Usage:
  depter keygen [--out FILE] [--json]
  depter inspect BUNDLE... -i IDENTITY [--json]
  depter verify BUNDLE... -i IDENTITY [--json]
  depter unpack BUNDLE... -i IDENTITY --out DIR [--json]

BUNDLE is a .depter file, or the first volume (NAME.depter.001) of a split
bundle, or all of its volumes. IDENTITY is an age identity file (as written by
age-keygen or depter keygen); -i may be given more than once.

  keygen   write a new age identity (to stdout, or to FILE, created owner-only)
           and print its public recipient (age1...) to give to senders
  inspect  show sender, signature, scope and counts, reading only the manifest
  verify   check everything: exit 0 only if the signature and every entry's
           size and SHA-256 hold and every record is valid
  unpack   verify, then write the bundle's files to DIR (which must not exist
           or be empty); nothing is written to DIR unless everything verifies

Options:
  -i, --identity FILE   age identity file (repeatable)
  -o, --out PATH        keygen: identity file to create; unpack: directory
      --json            one JSON object on stdout, for scripts
  -h, --help            this help

Exit codes: 0 ok, 1 internal error, 2 usage, 3 file or folder problem,
4 invalid identity file, 5 not a Depter bundle, 6 not addressed to this
identity, 7 unsupported format version, 8 damaged or truncated, 9 bad
signature, 10 contents do not match the manifest, 11 invalid records,
12 volumes missing or inconsistent, 130 interrupted.
`;

class UsageError extends Error {}

class FileProblem extends Error {}

interface Parsed {
  command: string;
  paths: string[];
  identities: string[];
  out: string | undefined;
  json: boolean;
  help: boolean;
}

function parse(argv: string[]): Parsed {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        identity: { type: 'string', short: 'i', multiple: true },
        out: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [command = '', ...paths] = positionals;
  return {
    command,
    paths,
    identities: values.identity ?? [],
    out: values.out,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

/** Runs one CLI invocation; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  let command = '';
  try {
    const args = parse(argv);
    json = args.json;
    command = args.command;
    if (args.help || command === 'help') {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    const result = await dispatch(args, io);
    io.stdout(json ? `${JSON.stringify({ ok: true, command, ...result.json })}\n` : result.text);
    return EXIT.ok;
  } catch (error) {
    const failure = describeFailure(error);
    if (json) {
      io.stdout(
        `${JSON.stringify({
          ok: false,
          command,
          error: { code: failure.code, class: failure.failureClass, message: failure.message },
          exitCode: failure.exitCode,
        })}\n`,
      );
    } else {
      io.stderr(`depter: ${failure.message}\n`);
      if (failure.exitCode === EXIT.usage) io.stderr(`\n${USAGE}`);
    }
    return failure.exitCode;
  }
}

interface Output {
  text: string;
  json: Record<string, unknown>;
}

async function dispatch(args: Parsed, io: CliIo): Promise<Output> {
  switch (args.command) {
    case 'keygen': {
      if (args.paths.length > 0 || args.identities.length > 0) {
        throw new UsageError('keygen takes no bundle and no identity');
      }
      const output = await keygen(args.out, args.json);
      // As age-keygen does when the key itself goes to stdout.
      if (!args.out && !args.json) io.stderr(`Public key: ${String(output.json.recipient)}\n`);
      return output;
    }
    case 'inspect':
    case 'verify':
    case 'unpack': {
      if (args.paths.length === 0) throw new UsageError(`${args.command} needs a BUNDLE`);
      if (args.identities.length === 0) throw new UsageError(`${args.command} needs -i IDENTITY`);
      if (args.command === 'unpack' && !args.out) throw new UsageError('unpack needs --out DIR');
      if (args.command !== 'unpack' && args.out) {
        throw new UsageError(`${args.command} takes no --out`);
      }
      const identities = await readIdentities(args.identities);
      const input = args.paths.length === 1 ? args.paths[0]! : args.paths;
      if (args.command === 'inspect') return inspect(input, identities, io.signal);
      if (args.command === 'verify') return verify(input, identities, io.signal);
      return unpack(input, identities, args.out!, io.signal);
    }
    case '':
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(args.command)}`);
  }
}

async function keygen(out: string | undefined, json: boolean): Promise<Output> {
  const { identity, recipient } = generateX25519Identity();
  const file = formatIdentityFile(identity);
  if (out) {
    try {
      // 'wx': never overwrite a key someone already relies on.
      await writeFile(out, file, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      throw new FileProblem(`cannot create ${out}: ${(error as NodeJS.ErrnoException).code}`);
    }
    return {
      text: `Public key: ${recipient}\n`,
      json: { recipient, identityFile: resolve(out) },
    };
  }
  // Like age-keygen: the key file on stdout; with --json the identity is a field of the object.
  return {
    text: json ? '' : file,
    json: { recipient, identity, identityFileText: file },
  };
}

async function readIdentities(paths: string[]): Promise<string[]> {
  const identities: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new FileProblem(
        `cannot read identity ${path}: ${(error as NodeJS.ErrnoException).code}`,
      );
    }
    try {
      identities.push(...parseIdentityFile(text));
    } catch (error) {
      if (isAgeError(error)) {
        throw new BundleError('INVALID_IDENTITY', `${path}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  return identities;
}

function senderJson(manifest: BundleManifest, fingerprint: string): Record<string, unknown> {
  return { ...manifest.sender, fingerprint };
}

function describeManifest(manifest: BundleManifest, fingerprint: string, signature: string) {
  const { counts, scope, sender } = manifest;
  const scopeText =
    scope.kind === 'since'
      ? `changes since change ${scope.sinceChangeSeq}${scope.sinceBundleId ? ` (after bundle ${scope.sinceBundleId})` : ''}`
      : scope.kind;
  return [
    `Bundle:      ${manifest.bundleId} (${manifest.format} v${manifest.version})`,
    `Created:     ${manifest.createdAt}`,
    `Sender:      ${sender.name || '(no name)'}`,
    `  device:      ${sender.deviceId}`,
    `  fingerprint: ${fingerprint}`,
    `  recipient:   ${sender.ageRecipient}`,
    `Signature:   ${signature}`,
    `Scope:       ${scopeText}`,
    `Contents:    ${counts.incidents} incidents, ${counts.actors} actors, ${counts.evidence} evidence records, ${counts.audit} audit entries${counts.lineage === undefined ? '' : `, lineage of ${counts.lineage} records`}`,
    `Evidence:    ${counts.evidenceFiles} files, ${counts.evidenceBytes} bytes`,
  ].join('\n');
}

const TRUST_NOTE =
  'The signature proves the bundle was made with the key above and not changed since. ' +
  "Whether that key is your contact's: compare the fingerprint with the one they gave you in person or by phone.";

async function inspect(
  input: string | string[],
  identities: string[],
  signal: AbortSignal | undefined,
): Promise<Output> {
  const head = await inspectBundle(input, identities, signal);
  const signature = head.signatureValid ? 'valid' : 'INVALID';
  if (!head.signatureValid) {
    throw new BundleError(
      'BAD_SIGNATURE',
      `signature INVALID: the manifest was altered or not signed by the key it names\n${describeManifest(head.manifest, head.fingerprint, signature)}`,
    );
  }
  return {
    text: `${describeManifest(head.manifest, head.fingerprint, 'valid (manifest only; run verify to check every file)')}\n${TRUST_NOTE}\n`,
    json: {
      bundle: bundleJson(head.manifest, head.bundle),
      sender: senderJson(head.manifest, head.fingerprint),
      signature: 'valid',
      scope: head.manifest.scope,
      counts: head.manifest.counts,
    },
  };
}

function bundleJson(
  manifest: BundleManifest,
  files: { paths: string[]; size: number; sha256?: string },
): Record<string, unknown> {
  return {
    id: manifest.bundleId,
    format: manifest.format,
    version: manifest.version,
    createdAt: manifest.createdAt,
    paths: files.paths,
    size: files.size,
    ...(files.sha256 ? { sha256: files.sha256 } : {}),
  };
}

async function verify(
  input: string | string[],
  identities: string[],
  signal: AbortSignal | undefined,
): Promise<Output> {
  const staged = await openBundle(input, identities, { signal });
  return {
    text: `${describeManifest(staged.manifest, staged.fingerprint, 'valid')}\nSHA-256:     ${staged.bundle.sha256}\nVerified: the signature, all ${staged.manifest.entries.length} entries and every record.\n${TRUST_NOTE}\n`,
    json: {
      bundle: bundleJson(staged.manifest, staged.bundle),
      sender: senderJson(staged.manifest, staged.fingerprint),
      signature: 'valid',
      scope: staged.manifest.scope,
      counts: staged.manifest.counts,
      entries: staged.manifest.entries.length,
    },
  };
}

async function unpack(
  input: string | string[],
  identities: string[],
  out: string,
  signal: AbortSignal | undefined,
): Promise<Output> {
  const target = resolve(out);
  await assertUsableOutput(target);
  const staging = join(
    dirname(target),
    `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`,
  );
  let staged;
  try {
    staged = await openBundle(input, identities, { stagingDir: staging, signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(error instanceof BundleError)) {
      throw new FileProblem(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'the bundle'}`);
    }
    throw error;
  }
  await rmdir(target).catch(() => undefined);
  try {
    await rename(staging, target);
  } catch (error) {
    throw new FileProblem(
      `verified, but could not move ${staging} to ${target}: ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  return {
    text: `${describeManifest(staged.manifest, staged.fingerprint, 'valid')}\nSHA-256:     ${staged.bundle.sha256}\nUnpacked ${staged.manifest.entries.length + 2} files to ${target}\n${TRUST_NOTE}\n`,
    json: {
      out: target,
      bundle: bundleJson(staged.manifest, staged.bundle),
      sender: senderJson(staged.manifest, staged.fingerprint),
      signature: 'valid',
      scope: staged.manifest.scope,
      counts: staged.manifest.counts,
      files: staged.manifest.entries.length + 2,
    },
  };
}

/** The output folder must not exist, or be an empty folder (it is replaced by the verified one). */
async function assertUsableOutput(target: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new FileProblem(`${target} exists and is not a usable folder (${code})`);
  }
  if (names.length > 0) throw new FileProblem(`${target} already exists and is not empty`);
}

interface Failure {
  code: string;
  failureClass: string;
  message: string;
  exitCode: number;
}

function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError) {
    return { code: 'USAGE', failureClass: 'usage', message: error.message, exitCode: EXIT.usage };
  }
  if (error instanceof FileProblem) {
    return { code: 'IO', failureClass: 'io', message: error.message, exitCode: EXIT.io };
  }
  if (error instanceof BundleError) {
    return {
      code: error.code,
      failureClass: error.failureClass,
      message: `${PLAIN_REASON[error.failureClass]}: ${error.message}`,
      exitCode: EXIT_OF_CLASS[error.failureClass],
    };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return {
      code: 'INTERRUPTED',
      failureClass: 'interrupted',
      message: 'interrupted; nothing was written',
      exitCode: EXIT.interrupted,
    };
  }
  const errno = error as NodeJS.ErrnoException;
  if (typeof errno?.code === 'string' && typeof errno.syscall === 'string') {
    return {
      code: 'IO',
      failureClass: 'io',
      message: `${errno.syscall} ${errno.path ?? ''}: ${errno.code}`.replace('  ', ' '),
      exitCode: EXIT.io,
    };
  }
  return {
    code: 'INTERNAL',
    failureClass: 'internal',
    message: `internal error: ${error instanceof Error ? error.message : String(error)}`,
    exitCode: EXIT.internal,
  };
}

const PLAIN_REASON: Record<BundleFailureClass, string> = {
  identity: 'the identity file is not valid',
  'not-a-bundle': 'not a Depter bundle',
  'not-addressed': 'this bundle is not addressed to the given identity',
  'unsupported-version': 'this bundle needs a newer depter',
  damaged: 'the bundle is damaged or incomplete',
  signature: 'the signature does not hold',
  contents: "the bundle's contents do not match its manifest",
  records: 'the bundle holds invalid records',
  volumes: 'the volumes are incomplete or inconsistent',
  'export-input': 'invalid export input',
  output: 'cannot write the output',
};

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decrypt, encrypt } from '../../age';
import {
  assertReferenceAgeInstalled,
  runAge,
  runAgeKeygen,
} from '../../age/reference-age-cli.testing';
import {
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  signedHead,
  tarEntries,
  untar,
  writeFixtureBundle,
  type RecordsFixture,
  type SenderKeys,
} from '../bundle-fixtures.testing';
import { manifestBytes, type BundleManifest } from '../manifest';
import { EXIT } from './run-cli';

/**
 * The built CLI (the same vite config as `npm run build:cli`, into a
 * temporary folder) run as a child process, as partners run it.
 */

// Each case starts Node processes; on a loaded machine that takes seconds. A hang guard, not a speed test.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const ROOT = resolve(__dirname, '../../../..');
let dir: string;
let cli: string;
let keys: SenderKeys;
let records: RecordsFixture;
let keyFile: string;
let recipient: string;
let bundle: string;
let bundleBytes: Buffer;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

function depter(...args: string[]): Run {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function depterJson(...args: string[]): { status: number; json: Record<string, unknown> } {
  const run = depter(...args, '--json');
  return { status: run.status, json: JSON.parse(run.stdout) as Record<string, unknown> };
}

beforeAll(async () => {
  assertReferenceAgeInstalled();
  dir = await makeTempDir('depter-cli-');
  const outDir = join(dir, 'build');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(ROOT, 'electron/services/bundle/cli/vite.config.ts'),
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  cli = join(outDir, 'depter.mjs');
  keys = newSender('Партнёр «Адилет»');
  records = await makeRecords(dir, keys.sender.deviceId, [2000, 90_000]);
  keyFile = join(dir, 'partner.txt');
  await writeFile(keyFile, runAgeKeygen([]));
  recipient = runAgeKeygen(['-y', keyFile]).trim();
  bundle = join(dir, 'b.depter');
  await writeFixtureBundle(keys, records, bundle, [recipient]);
  bundleBytes = await readFile(bundle);
}, 60_000);

afterAll(async () => {
  await removeDir(dir);
});

describe('depter keygen', () => {
  it('writes an identity that age-keygen -y and age -d accept, owner-only, never overwriting', async () => {
    const run = depter('keygen', '--out', 'k.txt');
    expect(run.status).toBe(0);
    const generated = /^Public key: (age1[0-9a-z]+)\n$/.exec(run.stdout)![1]!;
    expect(runAgeKeygen(['-y', join(dir, 'k.txt')]).trim()).toBe(generated);
    expect((await stat(join(dir, 'k.txt'))).mode & 0o777).toBe(0o600);
    const sealed = runAge(['-r', generated], Buffer.from('hello'));
    expect(runAge(['-d', '-i', join(dir, 'k.txt')], sealed).toString()).toBe('hello');
    const again = depter('keygen', '--out', 'k.txt');
    expect(again.status).toBe(EXIT.io);
    expect(runAgeKeygen(['-y', join(dir, 'k.txt')]).trim()).toBe(generated);
  });

  it('prints the identity file to stdout without --out, and JSON with --json', async () => {
    const run = depter('keygen');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^# created: .*\n# public key: age1.*\nAGE-SECRET-KEY-1[0-9A-Z]+\n$/,
    );
    expect(run.stderr).toMatch(/^Public key: age1/);
    await writeFile(join(dir, 'stdout-key.txt'), run.stdout);
    const { status, json } = depterJson('keygen');
    expect(status).toBe(0);
    expect(json).toMatchObject({ ok: true, command: 'keygen' });
    expect(String(json.identity)).toMatch(/^AGE-SECRET-KEY-1/);
    expect(String(json.recipient)).toMatch(/^age1/);
  });
});

describe('depter inspect / verify / unpack on a good bundle', () => {
  it('inspect shows the sender, fingerprint, signature and counts', () => {
    const run = depter('inspect', bundle, '-i', keyFile);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Партнёр «Адилет»');
    expect(run.stdout).toMatch(/fingerprint: \d{5}( \d{5}){5}/);
    expect(run.stdout).toContain('lineage of 2 records');
    const { status, json } = depterJson('inspect', bundle, '--identity', keyFile);
    expect(status).toBe(0);
    expect(json).toMatchObject({
      ok: true,
      command: 'inspect',
      signature: 'valid',
      scope: { kind: 'full' },
      counts: { incidents: 2, actors: 1, evidence: 2, audit: 3, lineage: 2, evidenceFiles: 2 },
      sender: { name: 'Партнёр «Адилет»', ageRecipient: keys.sender.ageRecipient },
    });
  });

  it('verify exits 0 and reports the bundle SHA-256', () => {
    const { status, json } = depterJson('verify', bundle, '-i', keyFile);
    expect(status).toBe(0);
    expect((json.bundle as { sha256: string }).sha256).toBe(
      createHash('sha256').update(bundleBytes).digest('hex'),
    );
  });

  it('unpack writes every file, evidence byte for byte', async () => {
    const out = join(dir, 'unpacked');
    const { status, json } = depterJson('unpack', bundle, '-i', keyFile, '--out', out);
    expect(status).toBe(0);
    expect(json.out).toBe(out);
    for (const file of records.files) {
      const names = await readdir(join(out, 'evidence'));
      const name = names.find((candidate) => candidate.startsWith(file.sha256))!;
      expect((await readFile(join(out, 'evidence', name))).equals(file.bytes)).toBe(true);
    }
    const lineage = (await readFile(join(out, 'lineage.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lineage).toEqual(records.lineage);
    expect(depter('unpack', bundle, '-i', keyFile, '--out', out).status).toBe(EXIT.io);
  });

  it('reads a bundle split into volumes, from the first volume or all of them', async () => {
    const result = await writeFixtureBundle(keys, records, join(dir, 'v.depter'), [recipient], {
      volumeSize: 30_001,
    });
    expect(depter('verify', result.paths[0]!, '-i', keyFile).status).toBe(0);
    expect(depter('verify', ...result.paths, '-i', keyFile).status).toBe(0);
    expect(depter('verify', result.paths[1]!, '-i', keyFile).status).toBe(EXIT.volumes);
  });
});

describe('depter exit codes per failure class', () => {
  async function file(name: string, bytes: Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  }

  async function forgedBundle(
    edit: (manifest: BundleManifest, entries: { name: string; data: Buffer }[]) => Promise<Buffer>,
  ): Promise<Buffer> {
    const entries = await untar(await decrypt(bundleBytes, { identities: [identity] }));
    const manifest = JSON.parse(entries[0]!.data.toString()) as BundleManifest;
    const payload = await edit(manifest, entries.slice(2));
    return encrypt(payload, { recipients: [recipient] });
  }

  let identity = '';
  beforeAll(async () => {
    identity = (await readFile(keyFile, 'utf8')).trim().split('\n').at(-1)!;
  });

  it('usage (2), missing file (3), invalid identity file (4)', async () => {
    expect(depter().status).toBe(EXIT.usage);
    expect(depter('verify', bundle).status).toBe(EXIT.usage);
    expect(depter('unpack', bundle, '-i', keyFile).status).toBe(EXIT.usage);
    expect(depter('verify', bundle, '-i', keyFile, '--bogus').status).toBe(EXIT.usage);
    expect(depter('verify', 'missing.depter', '-i', keyFile).status).toBe(EXIT.io);
    expect(depter('verify', bundle, '-i', 'missing-key.txt').status).toBe(EXIT.io);
    const badKey = await file('bad-key.txt', Buffer.from('AGE-SECRET-KEY-1NOPE\n'));
    const { status, json } = depterJson('verify', bundle, '-i', badKey);
    expect(status).toBe(EXIT.identity);
    expect(json).toMatchObject({
      ok: false,
      error: { code: 'INVALID_IDENTITY', class: 'identity' },
    });
  });

  it('not a bundle (5) and not addressed to me (6)', async () => {
    const text = await file('text.depter', Buffer.from('just text'));
    const { status, json } = depterJson('inspect', text, '-i', keyFile);
    expect(status).toBe(EXIT.notABundle);
    expect(json).toMatchObject({ ok: false, command: 'inspect', error: { code: 'NOT_A_BUNDLE' } });
    const otherKey = await file('other.txt', Buffer.from(runAgeKeygen([])));
    expect(depter('verify', bundle, '-i', otherKey).status).toBe(EXIT.notAddressed);
  });

  it('unsupported version (7)', async () => {
    const bytes = await forgedBundle(async (manifest, entries) =>
      Buffer.concat([
        await signedHead(keys, { ...manifest, version: 2 as 1 }),
        await tarEntries(entries),
      ]),
    );
    expect(depter('inspect', await file('v2.depter', bytes), '-i', keyFile).status).toBe(
      EXIT.unsupportedVersion,
    );
  });

  it('damaged (8): a flipped byte, and a truncated file; unpack leaves nothing', async () => {
    const flipped = Buffer.from(bundleBytes);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0x80;
    const path = await file('flipped.depter', flipped);
    expect(depter('verify', path, '-i', keyFile).status).toBe(EXIT.damaged);
    const out = join(dir, 'never');
    expect(depter('unpack', path, '-i', keyFile, '--out', out).status).toBe(EXIT.damaged);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(dir)).filter((name) => name.includes('partial'))).toEqual([]);
    const cut = await file('cut.depter', bundleBytes.subarray(0, bundleBytes.length - 10));
    expect(depter('verify', cut, '-i', keyFile).status).toBe(EXIT.damaged);
  });

  it('bad signature (9), also from inspect', async () => {
    const bytes = await forgedBundle(async (manifest, entries) => {
      const edited = { ...manifest, sender: { ...manifest.sender, name: 'Impostor' } };
      return Buffer.concat([
        await signedHead(keys, edited, { signedBytes: manifestBytes(manifest) }),
        await tarEntries(entries),
      ]);
    });
    const path = await file('badsig.depter', bytes);
    const { status, json } = depterJson('inspect', path, '-i', keyFile);
    expect(status).toBe(EXIT.signature);
    expect(json).toMatchObject({ ok: false, error: { code: 'BAD_SIGNATURE', class: 'signature' } });
    expect(depter('verify', path, '-i', keyFile).status).toBe(EXIT.signature);
  });

  it('contents not matching the manifest (10) and invalid records (11)', async () => {
    const wrongHash = await forgedBundle(async (manifest, entries) =>
      Buffer.concat([
        await signedHead(keys, {
          ...manifest,
          entries: manifest.entries.map((entry) =>
            entry.name === 'incidents.csv' ? { ...entry, sha256: '0'.repeat(64) } : entry,
          ),
        }),
        await tarEntries(entries),
      ]),
    );
    expect(depter('verify', await file('hash.depter', wrongHash), '-i', keyFile).status).toBe(
      EXIT.contents,
    );
    const badRecord = await forgedBundle(async (manifest, entries) => {
      const data = Buffer.from('{"seq":"one"}\n');
      const changed = entries.map((entry) =>
        entry.name === 'audit.jsonl' ? { ...entry, data } : entry,
      );
      const listed = manifest.entries.map((entry) =>
        entry.name === 'audit.jsonl'
          ? { ...entry, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }
          : entry,
      );
      return Buffer.concat([
        await signedHead(keys, { ...manifest, entries: listed }),
        await tarEntries(changed),
      ]);
    });
    const { status, json } = depterJson(
      'verify',
      await file('rec.depter', badRecord),
      '-i',
      keyFile,
    );
    expect(status).toBe(EXIT.records);
    expect(json).toMatchObject({ error: { code: 'RECORD_INVALID', class: 'records' } });
  });

  it('help exits 0', async () => {
    const run = depter('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Exit codes');
  });
});

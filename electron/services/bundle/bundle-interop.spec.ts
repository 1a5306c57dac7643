import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseIdentityFile, recipientFromIdentity } from '../age';
import { assertReferenceAgeInstalled, runAgeKeygen } from '../age/reference-age-cli.testing';
import {
  makeRecords,
  makeTempDir,
  newSender,
  removeDir,
  writeFixtureBundle,
  type RecordsFixture,
  type SenderKeys,
} from './bundle-fixtures.testing';
import { CSV_COLUMNS, parseCsv } from './incidents-csv';
import { openBundle } from './open-bundle';

/** Shell pipelines with Debian's age and GNU tar, as a partner without Depter runs them. */
function sh(script: string, cwd: string): Buffer {
  return execFileSync('sh', ['-ec', script], { cwd, maxBuffer: 1 << 30 });
}

let dir: string;
let keys: SenderKeys;
let records: RecordsFixture;
let identity: string;
let recipient: string;

beforeAll(() => {
  assertReferenceAgeInstalled();
});
beforeEach(async () => {
  dir = await makeTempDir();
  keys = newSender();
  records = await makeRecords(dir, keys.sender.deviceId, [1000, 200_000, 5, 70_000]);
  // The partner's key comes from age-keygen itself.
  await writeFile(join(dir, 'partner-key.txt'), runAgeKeygen([]));
  identity = parseIdentityFile(await readFile(join(dir, 'partner-key.txt'), 'utf8'))[0]!;
  recipient = recipientFromIdentity(identity);
});
afterEach(async () => {
  await removeDir(dir);
});

describe('a bundle read with standard tools', () => {
  it('age -d -i key | tar -x reproduces every evidence file, JSONL that parses and the CSV', async () => {
    await writeFixtureBundle(keys, records, join(dir, 'x.depter'), [recipient]);
    await mkdir(join(dir, 'out'));
    sh('age -d -i partner-key.txt x.depter | tar -x -C out', dir);
    const out = join(dir, 'out');

    for (const file of records.files) {
      const record = records.evidence.find((r) => r.sha256 === file.sha256)!;
      const ext = { 'video/mp4': 'mp4', 'image/jpeg': 'jpg', 'application/pdf': 'pdf' }[
        record.mime as string
      ];
      const bytes = await readFile(join(out, 'evidence', `${file.sha256}.${ext ?? 'bin'}`));
      expect(bytes.equals(file.bytes)).toBe(true);
    }
    for (const name of ['incidents', 'actors', 'audit', 'evidence', 'lineage']) {
      const text = await readFile(join(out, `${name}.jsonl`), 'utf8');
      const parsed = text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown);
      expect(parsed).toEqual(records[name as keyof RecordsFixture]);
    }
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      entries: { name: string }[];
    };
    expect(manifest.entries).toHaveLength(6 + records.files.length);
    expect((await readFile(join(out, 'manifest.sig'))).length).toBe(64);

    const csvBytes = await readFile(join(out, 'incidents.csv'));
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(csvBytes));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2); // the header and the one live incident; the tombstone is left out
    const row = Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, rows[1]![index]]));
    expect(row.title).toBe('Задержание на площади Ала-Тоо | митинг, 105 человек');
    expect(row.summary).toBe('\'=SUM(A1) "Кудайберген" заявил');
    expect(row.sources).toBe("https://kloop.kg/a｜b|'@witness");
    expect(row.source_types).toBe('media|eyewitness');
    expect(row.categories).toBe('assembly|expression');
    expect(row.categories_label).toBe('Freedom of peaceful assembly|Freedom of expression');
    expect(row.violations).toBe('detention|forced_dispersal');
    expect(row.victims).toBe('Айгүл Асанова');
    expect(row.groups).toBe('105 detained');
    expect(row.evidence_sha256!.split('|')).toEqual(records.files.map((file) => file.sha256));
  });

  it('the volumes joined with cat are the bundle', async () => {
    const result = await writeFixtureBundle(keys, records, join(dir, 'x.depter'), [recipient], {
      volumeSize: 100_003,
    });
    expect(result.paths.length).toBeGreaterThan(2);
    const listed = sh('cat x.depter.* | age -d -i partner-key.txt | tar -t', dir).toString();
    expect(listed.split('\n')[0]).toBe('manifest.json');
  });

  it('accepts a bundle re-packed by GNU tar and encrypted by age -r, files in manifest order', async () => {
    await writeFixtureBundle(keys, records, join(dir, 'x.depter'), [recipient]);
    const staged = await openBundle(join(dir, 'x.depter'), [identity], {
      stagingDir: join(dir, 'staged'),
    });
    const names = ['manifest.json', 'manifest.sig', ...staged.manifest.entries.map((e) => e.name)];
    for (const format of ['gnu', 'posix']) {
      execFileSync('tar', [`--format=${format}`, '-cf', join(dir, 'repack.tar'), ...names], {
        cwd: join(dir, 'staged'),
      });
      const bundle = join(dir, `repack-${format}.depter`);
      sh(`age -r ${recipient} -o ${bundle} repack.tar`, dir);
      const reopened = await openBundle(bundle, [identity]);
      expect(reopened.manifest.bundleId).toBe(staged.manifest.bundleId);
      expect(reopened.records).toEqual(staged.records);
    }
  });

  it('rejects a GNU tar of the folder (./ names, alphabetical order)', async () => {
    await writeFixtureBundle(keys, records, join(dir, 'x.depter'), [recipient]);
    await openBundle(join(dir, 'x.depter'), [identity], { stagingDir: join(dir, 'staged') });
    sh(`tar -cf - -C staged . | age -r ${recipient} -o folder.depter`, dir);
    await expect(openBundle(join(dir, 'folder.depter'), [identity])).rejects.toMatchObject({
      code: 'NOT_A_BUNDLE',
    });
  });
});

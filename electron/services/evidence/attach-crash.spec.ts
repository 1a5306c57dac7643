import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { TYPESCRIPT_CHILD_NODE_ARGS } from '../../../scripts/typescript-child-args';
import { isTempFileName, STORED_FILE_SUFFIX } from './evidence-layout';
import { EvidenceStore } from './evidence-store';
import type { EvidenceKeys } from './evidence-store-types';
import {
  listStore,
  makeEvidenceKeys,
  sha256Of,
  TempFolders,
} from './evidence-test-support.testing';

const CHILD = join(import.meta.dirname, 'attach-crash-child.testing.ts');
const NODE_ARGS = TYPESCRIPT_CHILD_NODE_ARGS;

const folders = new TempFolders();
afterEach(() => folders.removeAll());

const childArgs = (directory: string, source: string, keys: EvidenceKeys) => [
  ...NODE_ARGS,
  CHILD,
  directory,
  source,
  keys.ageRecipient,
  keys.namingKey.toString('hex'),
];

describe('a kill during attach', () => {
  it('the child really attaches when it is not killed', async () => {
    const root = await folders.make();
    const directory = join(root, 'evidence');
    const source = join(root, 'clip');
    const plaintext = randomBytes(100_000);
    await writeFile(source, plaintext);
    const keys = makeEvidenceKeys();
    const child = spawnSync(process.execPath, childArgs(directory, source, keys), {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ sha256: sha256Of(plaintext), size: 100_000 });
    expect(await new EvidenceStore({ directory }).verify(sha256Of(plaintext), keys)).toBeNull();
  });

  it('leaves no visible file, and removeLeftovers at the next start removes the temporary one', async () => {
    const root = await folders.make();
    const directory = join(root, 'evidence');
    const source = join(root, 'long-video');
    // Sparse: a long attach without writing a gigabyte of test data first.
    await writeFile(source, '');
    await truncate(source, 2 * 1024 ** 3);
    const keys = makeEvidenceKeys();

    const child = spawn(process.execPath, childArgs(directory, source, keys), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));

    // Kill once the encrypted temporary file has real content: the attach is part-way.
    let tempSize = 0;
    while (tempSize < 4 * 1024 * 1024 && child.exitCode === null) {
      await sleep(5);
      const temp = (await listStore(directory)).find((name) =>
        isTempFileName(name.split('/').at(-1)!),
      );
      if (temp !== undefined) tempSize = (await stat(join(directory, temp))).size;
    }
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');

    const left = await listStore(directory);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^incoming\/\.depter-tmp-/);
    expect(left.some((name) => name.endsWith(STORED_FILE_SUFFIX))).toBe(false);

    const store = new EvidenceStore({ directory });
    expect(await store.removeLeftovers()).toBe(1);
    expect(await listStore(directory)).toEqual([]);
    expect(await store.reconcile([], keys)).toEqual({ missing: [], removedUncommitted: 0 });
  }, 60_000);
});

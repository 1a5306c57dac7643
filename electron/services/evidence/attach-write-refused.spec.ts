import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TYPESCRIPT_CHILD_NODE_ARGS } from '../../../scripts/typescript-child-args';
import { EvidenceStore } from './evidence-store';
import {
  listStore,
  makeEvidenceKeys,
  sha256Of,
  TempFolders,
} from './evidence-test-support.testing';

/**
 * The disk refusing a write part-way through a large attach, in both of
 * the worker lanes. A file size limit (RLIMIT_FSIZE, which Node meets with
 * EFBIG rather than dying of SIGXFSZ) stands in for a full disk: the
 * refusal comes from the kernel, in the sealing thread, at a write in the
 * middle of the file, which nothing short of filling a real disk does too.
 */

const CHILD = join(import.meta.dirname, 'attach-crash-child.testing.ts');
const SOURCE_BYTES = 12 * 1024 * 1024;
/** In 1 KiB units for the shell's ulimit: 4 MiB, a third of the way in. */
const FILE_SIZE_LIMIT_KIB = 4096;

const folders = new TempFolders();
afterEach(() => folders.removeAll());

describe.runIf(process.platform === 'linux')('a write refused part-way through an attach', () => {
  it.each([
    ['writing past the page cache', 'direct'],
    ['writing through the page cache', 'page-cache'],
  ])(
    '%s: fails as WRITE_FAILED with the system code, and leaves nothing',
    async (_name, writes) => {
      const root = await folders.make();
      const directory = join(root, 'evidence');
      const source = join(root, 'video.mp4');
      const plaintext = randomBytes(SOURCE_BYTES);
      await writeFile(source, plaintext);
      const keys = makeEvidenceKeys();
      const args = [
        ...TYPESCRIPT_CHILD_NODE_ARGS,
        CHILD,
        directory,
        source,
        keys.ageRecipient,
        keys.namingKey.toString('hex'),
        writes,
      ];
      const limited = spawnSync(
        '/bin/sh',
        ['-c', `ulimit -f ${FILE_SIZE_LIMIT_KIB} && exec "$@"`, 'sh', process.execPath, ...args],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(limited.stderr).toBe('');
      expect(limited.status).toBe(1);
      expect(JSON.parse(limited.stdout)).toEqual({
        code: 'WRITE_FAILED',
        message: 'WRITE_FAILED: writing failed (EFBIG)',
      });
      expect(await listStore(directory)).toEqual([]);

      // The same attach without the limit succeeds: the limit, nothing else, made it fail.
      const free = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
      expect(free.stderr).toBe('');
      expect(JSON.parse(free.stdout)).toMatchObject({ sha256: sha256Of(plaintext) });
      expect(await new EvidenceStore({ directory }).verify(sha256Of(plaintext), keys)).toBeNull();
    },
    120_000,
  );
});

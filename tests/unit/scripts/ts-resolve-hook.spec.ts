import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPESCRIPT_CHILD_NODE_ARGS } from '../../../scripts/typescript-child-args';

/** Runs a TypeScript entry the way the crash tests and the benches run their children. */
function runChild(entry: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...TYPESCRIPT_CHILD_NODE_ARGS, entry], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'depter-ts-hook-'));
  await writeFile(join(dir, 'labels.json'), JSON.stringify({ detention: 'Задержание' }));
  await writeFile(join(dir, 'broken.json'), '{"detention": ');
  await writeFile(join(dir, 'helper.ts'), 'export const twice = (n: number): number => n * 2;\n');
  await writeFile(
    join(dir, 'entry.ts'),
    [
      "import labels from './labels.json';",
      "import { twice } from './helper';",
      'console.log(`${labels.detention} ${twice(21)}`);',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'broken-entry.ts'),
    "import x from './broken.json';\nconsole.log(x);\n",
  );
  await writeFile(join(dir, 'missing-entry.ts'), "import x from './nowhere';\nconsole.log(x);\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the TypeScript child hook', () => {
  it('resolves extensionless imports and JSON imported without an attribute, as the bundler does', () => {
    const result = runChild(join(dir, 'entry.ts'));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('Задержание 42');
    expect(result.status).toBe(0);
  });

  it('still fails on JSON that does not parse and on a module that does not exist', () => {
    const broken = runChild(join(dir, 'broken-entry.ts'));
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/SyntaxError/);
    const missing = runChild(join(dir, 'missing-entry.ts'));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/ERR_MODULE_NOT_FOUND/);
  });
});

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/debian-chromium';
import { serveDirectory } from '../node/static-server';
import type { ChromiumMergeRun, MergePageApi } from './merge-page/main';

/**
 * The app merges an opened bundle in the renderer, into Chromium's
 * IndexedDB; the import child merges into fake-indexeddb inside Node. This
 * runs the same merge (`commitOpenedBundle` over the repository's
 * `importBundle`, the sealed codec with the receiving device's records key)
 * on the same records in Debian's Chromium, each run into a new, empty
 * database on an on-disk profile.
 */
export async function measureChromiumMerge(options: {
  /** The OpenedBundle JSON written by opened-records-child.ts. */
  openedJson: string;
  recordsKeyHex: string;
  deviceId: string;
  runs: number;
}): Promise<ChromiumMergeRun[]> {
  // Outside the repository: ESLint would otherwise lint the minified bundle.
  const outDir = await mkdtemp(join(tmpdir(), 'depter-bench-merge-page-'));
  const profile = await mkdtemp(join(tmpdir(), 'depter-bench-merge-profile-'));
  try {
    await build({
      root: join(import.meta.dirname, 'merge-page'),
      configFile: false,
      base: './',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2023', reportCompressedSize: false },
    });
    await copyFile(options.openedJson, join(outDir, 'opened.json'));
    const { url, server } = await serveDirectory(outDir);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(0);
      await page.goto(url);
      await page.waitForFunction(() => 'depterMergeBench' in window);
      await page.evaluate(() =>
        (window as unknown as { depterMergeBench: MergePageApi }).depterMergeBench.load(),
      );
      const recordsKey = Buffer.from(options.recordsKeyHex, 'hex').toString('base64');
      const runs: ChromiumMergeRun[] = [];
      for (let run = 0; run < options.runs; run++) {
        runs.push(
          await page.evaluate(
            ([key, deviceId, index]) =>
              (window as unknown as { depterMergeBench: MergePageApi }).depterMergeBench.run(
                key,
                deviceId,
                index,
              ),
            [recordsKey, options.deviceId, run] as const,
          ),
        );
      }
      return runs;
    } finally {
      await context.close();
      server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

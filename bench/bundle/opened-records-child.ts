/**
 * Opens a bundle as the receiving device does and writes what main hands the
 * renderer (`OpenedBundle`: sender, counts, records, staged files) to a JSON
 * file, for the merge in Chromium (chromium-merge.ts) to commit exactly the
 * records the Node import child commits. Then declines the import, so the
 * staged evidence is discarded. Untimed. Run by bundle-bench.ts as
 * `node opened-records-child.mjs <setup.json> <bundle> <storeDir> <out.json>`,
 * bundled first like the other children (bundled-children.ts).
 */
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { benchExchangeHandlers, readBenchSetup } from './child-setup';

const [setupPath, bundlePath, storeDir, outPath] = process.argv.slice(2);
if (!setupPath || !bundlePath || !storeDir || !outPath) {
  throw new Error('usage: <setup.json> <bundle> <storeDir> <out.json>');
}
const { partner } = await readBenchSetup(setupPath);
const { handlers } = benchExchangeHandlers({
  keys: partner,
  storeDir,
  workDir: dirname(storeDir),
  openPaths: [bundlePath],
  onProgress: () => undefined,
});
const { source } = await handlers.chooseBundleSource(undefined);
if (source === null) throw new Error('no import source');
const opened = await handlers.openBundleForImport({ sourceId: source.sourceId, jobId: 'dump' });
if (!opened.ok) throw new Error(`import failed: ${opened.error}`);
await writeFile(outPath, JSON.stringify(opened), { mode: 0o600 });
const declined = await handlers.finishBundleImport({ importId: opened.importId, commit: [] });
if (!declined.ok) throw new Error(`declining the import failed: ${declined.error}`);
process.stdout.write(`${JSON.stringify({ incidents: opened.records.incidents.length })}\n`);

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH, RENDERER_DIR, REPO_ROOT } from './paths';

/** The newest modification time of any file under `dir` (0 if none). */
function newestFileTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestFileTime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** Fails fast with a useful message instead of 30 s timeouts on a blank page. */
export default function globalSetup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium); ` +
        'Playwright cannot download its own browser here.',
    );
  }
  const entry = join(RENDERER_DIR, 'index.html');
  if (!existsSync(entry)) {
    throw new Error(
      `${entry} is missing: build the renderer first (npm run test:e2e runs "electron-vite build").`,
    );
  }
  // A stale build makes failures that have nothing to do with the sources: say so.
  const sources = ['src', 'locales'].map((dir) => join(REPO_ROOT, dir)).filter(existsSync);
  const newestSource = Math.max(...sources.map(newestFileTime));
  if (newestSource > statSync(entry).mtimeMs) {
    console.warn(
      `warning: ${RENDERER_DIR} is older than src/ or locales/; run "npx electron-vite build" ` +
        'or "npm run test:e2e" to test the current sources.',
    );
  }
}

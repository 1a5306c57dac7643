import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, '../../..');
/** The built renderer; overridable only to try the harness against another build. */
export const RENDERER_DIR = resolve(
  process.env.DEPTER_E2E_RENDERER_DIR ?? resolve(REPO_ROOT, 'out/renderer'),
);
export const LOCALES_DIR = resolve(REPO_ROOT, 'locales');

/** Debian's Chromium: Playwright cannot download its own browser in this environment. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for that Chromium here (no GPU, no sandbox in containers, nothing fetched in the background). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

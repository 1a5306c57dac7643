import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const REPO_ROOT = resolve(here, '../../..');
/** The built renderer; overridable only to try the harness against another build. */
export const RENDERER_DIR = resolve(
  process.env.DEPTER_E2E_RENDERER_DIR ?? resolve(REPO_ROOT, 'out/renderer'),
);
export const LOCALES_DIR = resolve(REPO_ROOT, 'locales');

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/debian-chromium';

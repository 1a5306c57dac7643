import { existsSync } from 'node:fs';
import { RENDERER_DIR } from './paths';

/** Fails fast with a useful message instead of 30 s timeouts on a blank page. */
export default function globalSetup(): void {
  const entry = `${RENDERER_DIR}/index.html`;
  if (!existsSync(entry)) {
    throw new Error(
      `${entry} is missing: build the renderer first (npm run test:e2e runs "electron-vite build").`,
    );
  }
}

/** Debian's Chromium: Playwright cannot download its own browser in this environment. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for that Chromium here, shared by the end-to-end tests and the
 * benchmark: no GPU, no sandbox (containers run as root), and nothing fetched
 * in the background (the network is closed; each refused connection is noise).
 */
export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RuntimeMode {
  /** The electron-vite dev server to load instead of the built files, if any. */
  devServerUrl: string | null;
  /** Developer tools exist only in unpackaged (development) runs. */
  devToolsEnabled: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Decides development versus production. The dev server URL comes from the
 * environment, so it is honoured only in an unpackaged app and only for a
 * loopback http address: an environment variable must never be able to point
 * the privileged window (with `window.depter`) at a remote site.
 */
export function resolveRuntimeMode(
  isPackaged: boolean,
  env: Readonly<Record<string, string | undefined>>,
): RuntimeMode {
  if (isPackaged) return { devServerUrl: null, devToolsEnabled: false };
  return { devServerUrl: loopbackHttpUrl(env.ELECTRON_RENDERER_URL), devToolsEnabled: true };
}

function loopbackHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
    if (url.username !== '' || url.password !== '') return null;
    return url.href;
  } catch {
    return null;
  }
}

import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Serves the built renderer (and nothing else) for `app://depter/...`.
 *
 * Only GET and HEAD of regular files strictly inside `rendererRoot` are
 * answered; encoded `..`, backslashes, NUL bytes and symlinks leading out of
 * the folder are refused. Every response carries the CSP so the policy holds
 * even where a response-header hook does not see custom-scheme requests.
 */
export function createRendererFileHandler(
  rendererRoot: string,
  contentSecurityPolicy: string,
): (request: Request) => Promise<Response> {
  const root = resolve(rendererRoot);

  const respond = (status: number, body: BodyInit | null, contentType: string): Response =>
    new Response(body, {
      status,
      headers: {
        'Content-Type': contentType,
        'Content-Security-Policy': contentSecurityPolicy,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  // A body, not null: Chromium turns an empty error response into a network error page.
  const notFound = () => respond(404, 'Not found', 'text/plain; charset=utf-8');

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return respond(405, null, 'text/plain; charset=utf-8');
    }
    const relativePath = requestedPath(request.url);
    if (relativePath === null) return notFound();

    const candidate = resolve(root, relativePath);
    if (!candidate.startsWith(root + sep)) return notFound();

    try {
      const [realRoot, realCandidate] = await Promise.all([realpath(root), realpath(candidate)]);
      if (!realCandidate.startsWith(realRoot + sep)) return notFound();
      if (!(await stat(realCandidate)).isFile()) return notFound();
      const contentType =
        CONTENT_TYPES[extname(realCandidate).toLowerCase()] ?? 'application/octet-stream';
      if (request.method === 'HEAD') return respond(200, null, contentType);
      return respond(200, new Uint8Array(await readFile(realCandidate)), contentType);
    } catch {
      return notFound();
    }
  };
}

/** The file path a request names, relative to the root, or null if refused. */
function requestedPath(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

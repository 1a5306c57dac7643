import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { APP_ORIGIN } from '../../../electron/main/app-origin';
import { createRendererFileHandler } from '../../../electron/main/renderer-files';

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer over http://127.0.0.1 on a random port so the
 * page has a real, ordinary origin for IndexedDB and localStorage, as it has
 * inside Electron. Every request is answered by main's own `app://` handler
 * (electron/main/renderer-files.ts) — the same path checks, content types
 * and headers, the Content-Security-Policy included — so the end-to-end
 * tests exercise what the app serves, with only the transport swapped.
 */
export async function startStaticServer(
  root: string,
  contentSecurityPolicy: string,
): Promise<StaticServer> {
  const serveFile = createRendererFileHandler(root, contentSecurityPolicy);
  const server = createServer((request, response) => {
    void answer(serveFile, request, response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function answer(
  serveFile: (request: Request) => Promise<Response>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  // The raw request target, untouched: encoded "..", backslashes and NULs
  // must reach the handler as an attacker would send them.
  const target = (request.url ?? '/').split(/[?#]/)[0] ?? '/';
  let reply: Response;
  try {
    reply = await serveFile(new Request(`${APP_ORIGIN}${target}`, { method: request.method }));
  } catch {
    // An unparsable target is a bad request, never a file.
    response.writeHead(400).end();
    return;
  }
  response.writeHead(reply.status, Object.fromEntries(reply.headers));
  if (!reply.body) {
    response.end();
    return;
  }
  Readable.fromWeb(reply.body as NodeReadableStream<Uint8Array>)
    .on('error', () => response.destroy())
    .pipe(response);
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { APP_ORIGIN } from '../../../electron/main/app-origin';
import { createRendererFileHandler } from '../../../electron/main/renderer-files';
import {
  EVIDENCE_HOST,
  EVIDENCE_SCHEME,
} from '../../../electron/services/evidence/evidence-protocol';
import {
  EVIDENCE_PATH,
  htmlWithHarnessEvidenceSource,
  withHarnessEvidenceSource,
} from './evidence-csp';

type FetchHandler = (request: Request) => Promise<Response>;

export interface StaticServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly origin: string;
  /** The policy this server sends: the production one with the evidence source substituted. */
  readonly contentSecurityPolicy: string;
  /**
   * The evidence scheme's handler of the test now running (tests of one
   * worker run one after another), or null: `/__evidence/…` answers 404.
   */
  setEvidenceHandler(handler: FetchHandler | null): void;
  /** The URL the page loads for a `depter-evidence://media/<token>` URL from openEvidence. */
  evidenceUrlFor(productionUrl: string): string;
  close(): Promise<void>;
}

const PRODUCTION_EVIDENCE_PREFIX = `${EVIDENCE_SCHEME}://${EVIDENCE_HOST}/`;

/**
 * Serves the built renderer over http://127.0.0.1 on a random port so the
 * page has a real, ordinary origin for IndexedDB and localStorage, as it has
 * inside Electron. Every request is answered by main's own `app://` handler
 * (electron/main/renderer-files.ts) — the same path checks, content types
 * and headers — so the end-to-end tests exercise what the app serves, with
 * only the transport swapped. The Content-Security-Policy (header and the
 * index.html meta tag) is `productionPolicy` with only the evidence source
 * substituted (evidence-csp.ts), and `/__evidence/<token>` is answered by the
 * real evidence request handler, as `depter-evidence://media/<token>` is in Electron.
 */
export async function startStaticServer(
  root: string,
  productionPolicy: string,
): Promise<StaticServer> {
  let evidenceHandler: FetchHandler | null = null;
  let serveFile: FetchHandler = () => Promise.reject(new Error('not listening yet'));
  let origin = '';
  const server = createServer((request, response) => {
    void answer({ serveFile, evidenceHandler, origin }, request, response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  const contentSecurityPolicy = withHarnessEvidenceSource(productionPolicy, origin);
  serveFile = createRendererFileHandler(root, contentSecurityPolicy);
  return {
    origin,
    contentSecurityPolicy,
    setEvidenceHandler(handler) {
      evidenceHandler = handler;
    },
    evidenceUrlFor(productionUrl) {
      if (!productionUrl.startsWith(PRODUCTION_EVIDENCE_PREFIX)) {
        throw new Error(`not an evidence URL: ${productionUrl}`);
      }
      return `${origin}${EVIDENCE_PATH}${productionUrl.slice(PRODUCTION_EVIDENCE_PREFIX.length)}`;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function answer(
  {
    serveFile,
    evidenceHandler,
    origin,
  }: { serveFile: FetchHandler; evidenceHandler: FetchHandler | null; origin: string },
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  // The raw request target, untouched: encoded "..", backslashes and NULs
  // must reach the handler as an attacker would send them.
  const target = (request.url ?? '/').split(/[?#]/)[0] ?? '/';
  let reply: Response;
  try {
    if (target.startsWith(EVIDENCE_PATH)) {
      if (evidenceHandler === null) {
        response.writeHead(404).end('no evidence in this test');
        return;
      }
      const range = request.headers.range;
      reply = await evidenceHandler(
        new Request(`${PRODUCTION_EVIDENCE_PREFIX}${target.slice(EVIDENCE_PATH.length)}`, {
          method: request.method,
          headers: range === undefined ? {} : { Range: range },
        }),
      );
    } else {
      reply = await serveFile(new Request(`${APP_ORIGIN}${target}`, { method: request.method }));
      if (reply.headers.get('content-type')?.startsWith('text/html') && reply.body) {
        const html = htmlWithHarnessEvidenceSource(await reply.text(), origin);
        const headers = new Headers(reply.headers);
        headers.delete('content-length');
        reply = new Response(request.method === 'HEAD' ? null : html, {
          status: reply.status,
          headers,
        });
      }
    }
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
  // A stream that fails midway (a damaged evidence chunk) cuts the connection,
  // as a failed protocol stream does in Electron: the page sees a network error.
  Readable.fromWeb(reply.body as NodeReadableStream<Uint8Array>)
    .on('error', () => response.destroy())
    .pipe(response);
}

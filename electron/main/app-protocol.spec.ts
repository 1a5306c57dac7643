import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const protocol = vi.hoisted(() => ({
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
}));

vi.mock('electron', () => ({ protocol }));

const { registerPrivilegedSchemes, serveEvidence, serveRenderer } = await import('./app-protocol');

let directory: string | undefined;

afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

describe('app:// protocol', () => {
  it('registers app and the evidence scheme in one call (Electron takes only one)', () => {
    protocol.registerSchemesAsPrivileged.mockClear();
    registerPrivilegedSchemes();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      },
      {
        scheme: 'depter-evidence',
        privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
      },
    ]);
  });

  it('lets neither scheme bypass the CSP, nor open CORS or service workers', () => {
    registerPrivilegedSchemes();
    const [schemes] = protocol.registerSchemesAsPrivileged.mock.calls.at(-1) as [
      Array<{ privileges: Record<string, unknown> }>,
    ];
    expect(schemes).toHaveLength(2);
    for (const scheme of schemes) {
      expect(scheme.privileges.bypassCSP).toBeFalsy();
      expect(scheme.privileges.corsEnabled).toBeFalsy();
      expect(scheme.privileges.allowServiceWorkers).toBeFalsy();
    }
  });

  it('hands depter-evidence:// to the given handler', async () => {
    const handler = vi.fn(async (_request: Request) => new Response('ok'));
    serveEvidence(handler);
    expect(protocol.handle).toHaveBeenLastCalledWith('depter-evidence', handler);
  });

  it('handles app:// with a handler serving the renderer folder', async () => {
    directory = await mkdtemp(join(tmpdir(), 'depter-protocol-'));
    await writeFile(join(directory, 'index.html'), '<p>hello</p>');
    serveRenderer(directory, "default-src 'none'");

    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = protocol.handle.mock.calls.at(-1)?.[1] as (r: Request) => Promise<Response>;
    const ok = await handler(new Request('app://depter/index.html'));
    expect(await ok.text()).toBe('<p>hello</p>');
    expect(ok.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect((await handler(new Request('app://depter/../../etc/passwd'))).status).toBe(404);
  });
});

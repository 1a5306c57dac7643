import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRendererFileHandler } from './renderer-files';

const CSP = "default-src 'none'";
let sandbox: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), 'depter-renderer-'));
  const root = join(sandbox, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Depter</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'style.css'), 'body{}');
  await writeFile(join(sandbox, 'secret.txt'), 'outside the renderer');
  await writeFile(join(sandbox, 'renderer-evil.txt'), 'sibling with a shared prefix');
  await symlink(join(sandbox, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handle = createRendererFileHandler(root, CSP);
});

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('renderer file handler', () => {
  it('serves index.html with its type and the CSP', async () => {
    const response = await get('app://depter/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Depter</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves index.html for the bare origin', async () => {
    expect(await (await get('app://depter/')).text()).toContain('Depter');
  });

  it('serves assets with their content type, ignoring query and fragment', async () => {
    const script = await get('app://depter/assets/index-abc.js?v=2#x');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://depter/assets/style.css')).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://depter/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://depter/assets/..%2F..%2Fsecret.txt',
    'app://depter/%2e%2e/secret.txt',
    'app://depter/..%5Csecret.txt',
    'app://depter/assets/%2e%2e%2f%2e%2e%2frenderer-evil.txt',
    'app://depter/index.html%00.js',
    'app://depter/%E0%A4%A',
  ])('refuses traversal %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside');
  });

  it('refuses a symlink that leads outside the renderer folder', async () => {
    expect((await get('app://depter/assets/link.txt')).status).toBe(404);
  });

  it('refuses unknown paths and directories', async () => {
    expect((await get('app://depter/missing.js')).status).toBe(404);
    expect((await get('app://depter/assets')).status).toBe(404);
  });

  it('refuses other hosts', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://depter/index.html', 'POST')).status).toBe(405);
  });

  it('puts the CSP on refusals too', async () => {
    expect((await get('app://depter/missing.js')).headers.get('content-security-policy')).toBe(CSP);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { CONTENT_SECURITY_POLICY } = await import('./security');

/** Directives a browser ignores in a <meta> policy (and warns about on every start). */
const HEADER_ONLY = ['frame-ancestors'];

describe('the CSP meta tag in src/index.html', () => {
  it('is the header policy without the directives a meta tag cannot carry', () => {
    const html = readFileSync(resolve(__dirname, '../../src/index.html'), 'utf8');
    const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(match, 'index.html has a CSP meta tag').not.toBeNull();
    const expected = CONTENT_SECURITY_POLICY.split('; ')
      .filter((directive) => !HEADER_ONLY.some((name) => directive.startsWith(`${name} `)))
      .join('; ');
    expect(match?.[1]).toBe(expected);
  });
});

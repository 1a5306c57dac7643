import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_START_URL, createOriginCheck, originOf } from './app-origin';

describe('originOf', () => {
  it('reads the origin of the app scheme', () => {
    expect(originOf(APP_START_URL)).toBe('app://depter');
    expect(originOf('app://depter/assets/index.js?x=1#y')).toBe('app://depter');
  });

  it('keeps a port', () => {
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
  });

  it('returns null for unparseable or host-less URLs', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
  });
});

describe('createOriginCheck', () => {
  const isTrusted = createOriginCheck([APP_ORIGIN]);

  it('accepts app URLs', () => {
    expect(isTrusted('app://depter/index.html')).toBe(true);
  });

  it.each([
    'app://other/index.html',
    'app://depter.evil/index.html',
    'https://depter/index.html',
    'http://localhost:5173/',
    'file:///work/out/renderer/index.html',
    'javascript:alert(1)',
    '',
  ])('rejects %s', (url) => {
    expect(isTrusted(url)).toBe(false);
  });
});

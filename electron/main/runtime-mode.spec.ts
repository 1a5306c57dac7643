import { describe, expect, it } from 'vitest';
import { resolveRuntimeMode } from './runtime-mode';

describe('resolveRuntimeMode', () => {
  it('disables devtools and the dev server when packaged', () => {
    expect(resolveRuntimeMode(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toEqual({
      devServerUrl: null,
      devToolsEnabled: false,
    });
  });

  it('uses the loopback dev server in development', () => {
    expect(resolveRuntimeMode(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toEqual({
      devServerUrl: 'http://localhost:5173/',
      devToolsEnabled: true,
    });
  });

  it('loads the built files in development without a dev server', () => {
    expect(resolveRuntimeMode(false, {})).toEqual({ devServerUrl: null, devToolsEnabled: true });
  });

  it.each([
    'https://evil.test/',
    'http://192.168.1.5:5173/',
    'http://localhost.evil.test/',
    'http://user:pw@localhost:5173/',
    'file:///tmp/index.html',
    'garbage',
  ])('ignores a dev server URL that is not loopback http: %s', (url) => {
    expect(resolveRuntimeMode(false, { ELECTRON_RENDERER_URL: url }).devServerUrl).toBeNull();
  });
});

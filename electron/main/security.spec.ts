import { EventEmitter } from 'node:events';
import type { App, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, createOriginCheck } from './app-origin';
import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  installSecurityPolicy,
  type SecurityPolicyOptions,
} from './security';

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;
type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

/** Records what the code under test installs on a session. */
class FakeSession extends EventEmitter {
  permissionRequestHandler?: PermissionRequestHandler;
  permissionCheckHandler?: (...args: unknown[]) => boolean;
  devicePermissionHandler?: (...args: unknown[]) => boolean;
  headersListener?: HeadersListener;
  webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean) {
    this.devicePermissionHandler = handler;
  }
}

class FakeContents extends EventEmitter {
  session = new FakeSession();
  windowOpenHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

// The fakes implement only the members the policy touches; the casts state
// that the code under test needs nothing more from Electron's classes.
const asSession = (fake: FakeSession) => fake as unknown as Session;
const asContents = (fake: FakeContents) => fake as unknown as WebContents;

function fakeEvent(url = '') {
  return { url, preventDefault: vi.fn() };
}

function policy() {
  return {
    isAppUrl: createOriginCheck([APP_ORIGIN]),
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    openExternalIfAllowed: vi.fn((_url: string) => undefined),
  } satisfies SecurityPolicyOptions;
}

describe('CONTENT_SECURITY_POLICY', () => {
  it('is exactly the agreed strict policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; " +
        "img-src 'self' data: blob: depter-evidence:; font-src 'self'; connect-src 'self'; " +
        "media-src depter-evidence:; object-src 'none'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
  });

  it('lets video and audio come only from the evidence scheme, never a blob of plaintext', () => {
    const media = CONTENT_SECURITY_POLICY.split('; ').find((rule) => rule.startsWith('media-src'));
    expect(media).toBe('media-src depter-evidence:');
    // The evidence scheme serves media and images only, never script, style or fetch.
    for (const rule of CONTENT_SECURITY_POLICY.split('; ')) {
      if (!/^(img|media)-src /.test(rule)) expect(rule, rule).not.toContain('depter-evidence');
    }
  });

  it('allows no inline or eval script and no remote host', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});

describe('hardenSession', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid'])(
    'denies the permission request %s',
    (permission) => {
      const session = new FakeSession();
      hardenSession(asSession(session), CONTENT_SECURITY_POLICY);
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    },
  );

  it('answers every permission check and device request with false', () => {
    const session = new FakeSession();
    hardenSession(asSession(session), CONTENT_SECURITY_POLICY);
    expect(session.permissionCheckHandler?.(null, 'media', APP_ORIGIN, {})).toBe(false);
    expect(session.permissionCheckHandler?.(null, 'storage-access', APP_ORIGIN, {})).toBe(false);
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: APP_ORIGIN })).toBe(
      false,
    );
  });

  it('sets the CSP on every response, replacing any the server sent', () => {
    const session = new FakeSession();
    hardenSession(asSession(session), CONTENT_SECURITY_POLICY);
    const callback = vi.fn();
    session.headersListener?.(
      {
        responseHeaders: {
          'content-security-policy': ["default-src *; script-src 'unsafe-inline'"],
          'Content-Type': ['text/html'],
        },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });

  it('sets the CSP on a response that had no headers', () => {
    const session = new FakeSession();
    hardenSession(asSession(session), CONTENT_SECURITY_POLICY);
    const callback = vi.fn();
    session.headersListener?.({}, callback);
    expect(callback.mock.calls[0]?.[0]).toEqual({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('cancels downloads started by a page', () => {
    const session = new FakeSession();
    hardenSession(asSession(session), CONTENT_SECURITY_POLICY);
    const event = fakeEvent();
    session.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenWebContents', () => {
  function hardened() {
    const contents = new FakeContents();
    const options = policy();
    hardenWebContents(asContents(contents), options);
    return { contents, options };
  }

  it.each(['app://depter/index.html', 'app://depter/#/incidents/1'])(
    'allows navigation within the app origin: %s',
    (url) => {
      const { contents, options } = hardened();
      const event = fakeEvent(url);
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault).not.toHaveBeenCalled();
      expect(options.openExternalIfAllowed).not.toHaveBeenCalled();
    },
  );

  it.each([
    'https://evil.test/',
    'https://www.ohchr.org/',
    'file:///etc/passwd',
    'app://other/index.html',
    'http://localhost:5173/',
    `depter-evidence://media/${'t'.repeat(43)}`,
  ])('prevents navigation to the foreign origin %s and offers it to the browser', (url) => {
    const { contents, options } = hardened();
    const event = fakeEvent(url);
    contents.emit('will-navigate', event, url);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(options.openExternalIfAllowed).toHaveBeenCalledExactlyOnceWith(url);
  });

  it('prevents redirects away from the app origin', () => {
    const { contents } = hardened();
    for (const url of ['https://evil.test/', 'depter-evidence://media/token']) {
      const away = fakeEvent(url);
      contents.emit('will-redirect', away, away.url);
      expect(away.preventDefault, url).toHaveBeenCalled();
    }

    const within = fakeEvent('app://depter/index.html');
    contents.emit('will-redirect', within, within.url);
    expect(within.preventDefault).not.toHaveBeenCalled();
  });

  it.each([
    'https://www.ohchr.org/en',
    'https://evil.test/',
    'app://depter/index.html',
    'depter-evidence://media/token',
  ])('denies window.open(%s), handing the URL to the allow-listed opener', (url) => {
    const { contents, options } = hardened();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    expect(options.openExternalIfAllowed).toHaveBeenCalledExactlyOnceWith(url);
  });

  it('prevents attaching a webview', () => {
    const { contents } = hardened();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('installSecurityPolicy', () => {
  it('hardens every web contents and its session when it is created', () => {
    const app = new EventEmitter();
    const options = policy();
    installSecurityPolicy(app as unknown as App, options);

    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);

    const event = fakeEvent('https://evil.test/');
    contents.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.test/' })).toEqual({
      action: 'deny',
    });
    const callback = vi.fn();
    contents.session.permissionRequestHandler?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
  });
});

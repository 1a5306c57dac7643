import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { VaultSessionKeys } from '../services/api-handlers';
import { APP_ORIGIN, createOriginCheck } from './app-origin';
import { lockWithRenderer } from './lock-with-renderer';

function setUp() {
  const contents = new EventEmitter();
  let keys: VaultSessionKeys | null = {
    deviceId: 'device',
    recordsKey: Buffer.alloc(32, 3),
    ageRecipient: 'age1recipient',
    ageIdentity: 'AGE-SECRET-KEY-1IDENTITY',
    signingSeed: Buffer.alloc(32, 4),
    signingPublicKey: Buffer.alloc(32, 5),
  };
  const vault = {
    keys: vi.fn(() => keys),
    lock: vi.fn(() => {
      keys = null;
    }),
  };
  // The emitter stands in for the web contents' events; nothing else is used.
  lockWithRenderer(
    contents as unknown as Pick<WebContents, 'on'>,
    vault,
    createOriginCheck([APP_ORIGIN]),
  );
  return { contents, vault };
}

const navigation = (
  overrides: { url?: string; isMainFrame?: boolean; isSameDocument?: boolean } = {},
) => ({
  url: 'app://depter/index.html',
  isMainFrame: true,
  isSameDocument: false,
  frame: null,
  ...overrides,
});

describe('lockWithRenderer', () => {
  it('locks when the main frame loads a new document (reload)', () => {
    const { contents, vault } = setUp();
    contents.emit('did-start-navigation', navigation());
    expect(vault.lock).toHaveBeenCalledTimes(1);
    expect(vault.keys()).toBeNull();
  });

  it('keeps the session for a hash-route change', () => {
    const { contents, vault } = setUp();
    contents.emit(
      'did-start-navigation',
      navigation({ isSameDocument: true, url: 'app://depter/#/incidents' }),
    );
    expect(vault.lock).not.toHaveBeenCalled();
  });

  it('keeps the session when a subframe navigates', () => {
    const { contents, vault } = setUp();
    contents.emit('did-start-navigation', navigation({ isMainFrame: false }));
    expect(vault.lock).not.toHaveBeenCalled();
  });

  it('keeps the session when a navigation away from the app starts (will-navigate cancels it)', () => {
    const { contents, vault } = setUp();
    contents.emit('did-start-navigation', navigation({ url: 'file:///home/user/photo.jpg' }));
    expect(vault.lock).not.toHaveBeenCalled();
  });

  it('locks if a navigation away from the app commits after all', () => {
    const { contents, vault } = setUp();
    contents.emit('did-navigate', {}, 'file:///home/user/photo.jpg', 200, 'OK');
    expect(vault.lock).toHaveBeenCalledTimes(1);
  });

  it('locks when the render process is gone', () => {
    const { contents, vault } = setUp();
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(vault.lock).toHaveBeenCalledTimes(1);
  });

  it('locks when the web contents is destroyed', () => {
    const { contents, vault } = setUp();
    contents.emit('destroyed');
    expect(vault.lock).toHaveBeenCalledTimes(1);
  });

  it('locks again when already locked, so an unlock in progress for the old page cannot open', () => {
    const { contents, vault } = setUp();
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    contents.emit('did-start-navigation', navigation());
    expect(vault.lock).toHaveBeenCalledTimes(2);
    expect(vault.keys()).toBeNull();
  });
});

import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeAfterLock } from './close-after-lock';

class FakeWindow extends EventEmitter {
  closed = false;
  destroyed = false;
  /** Emits 'close' as Electron does; the window closes unless a listener prevented it. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.closed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setUp(unlocked: boolean) {
  const window = new FakeWindow();
  let keys: object | null = unlocked ? {} : null;
  const requestLock = vi.fn();
  closeAfterLock(window, { vault: { keys: () => keys as never }, requestLock });
  return { window, requestLock, lockNow: () => (keys = null) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('closeAfterLock', () => {
  it('closes at once while locked', () => {
    const { window, requestLock } = setUp(false);
    window.close();
    expect(window.closed).toBe(true);
    expect(requestLock).not.toHaveBeenCalled();
  });

  it('holds the close while unlocked, asks for a lock, and closes once the renderer locked', () => {
    const { window, requestLock, lockNow } = setUp(true);
    window.close();
    expect(window.closed).toBe(false);
    expect(requestLock).toHaveBeenCalledTimes(1);
    window.close(); // a second click while waiting asks nothing more
    expect(requestLock).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(window.closed).toBe(false);
    lockNow();
    vi.advanceTimersByTime(60);
    expect(window.closed).toBe(true);
  });

  it('closes after the forced-lock delay when the renderer never answers', () => {
    const { window } = setUp(true);
    window.close();
    vi.advanceTimersByTime(3_000);
    expect(window.closed).toBe(false);
    vi.advanceTimersByTime(600);
    expect(window.closed).toBe(true);
  });

  it('does nothing to a window destroyed meanwhile', () => {
    const { window, lockNow } = setUp(true);
    window.close();
    window.destroyed = true;
    lockNow();
    vi.advanceTimersByTime(100);
    expect(window.closed).toBe(false);
  });
});

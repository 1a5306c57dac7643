import { EventEmitter } from 'node:events';
import type { App, BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance } from './single-instance';

function fakeApp(lockAcquired: boolean) {
  return Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => lockAcquired),
    quit: vi.fn(),
  });
}

function fakeWindow(minimized: boolean) {
  return {
    isDestroyed: () => false,
    isMinimized: () => minimized,
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
  };
}

// The fakes carry only what the single-instance logic touches.
const asApp = (app: ReturnType<typeof fakeApp>) => app as unknown as App;
const asWindow = (window: ReturnType<typeof fakeWindow>) => window as unknown as BrowserWindow;

describe('claimSingleInstance', () => {
  it('quits the second instance when the lock is held elsewhere', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(asApp(app), () => null)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('keeps running when it gets the lock', () => {
    const app = fakeApp(true);
    expect(claimSingleInstance(asApp(app), () => null)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('brings the first window forward when a second launch happens', () => {
    const app = fakeApp(true);
    const window = fakeWindow(true);
    claimSingleInstance(asApp(app), () => asWindow(window));
    app.emit('second-instance', {}, ['depter'], '/home');
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('does nothing on a second launch before a window exists', () => {
    const app = fakeApp(true);
    claimSingleInstance(asApp(app), () => null);
    expect(() => app.emit('second-instance', {}, [], '/')).not.toThrow();
  });
});

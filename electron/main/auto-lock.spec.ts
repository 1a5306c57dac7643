import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvents, type VaultStatus } from '../../src/domain/api';
import type { PowerMonitor } from 'electron';
import {
  FORCED_LOCK_DELAY_MS,
  IDLE_POLL_INTERVAL_MS,
  startAutoLock,
  type AutoLock,
  type AutoLockOptions,
} from './auto-lock';

function fakePowerMonitor() {
  return Object.assign(new EventEmitter(), { idleSeconds: 0, getSystemIdleTime: vi.fn() });
}

function fakeVault(idleLockMinutes = 10) {
  let keys: object | null = null;
  return {
    unlock() {
      keys = { deviceId: 'device', recordsKey: Buffer.alloc(32, 5) };
    },
    keys: vi.fn(() => keys),
    lock: vi.fn(() => {
      keys = null;
    }),
    status: vi.fn(async (): Promise<VaultStatus> => ({
      state: keys ? 'unlocked' : 'locked',
      failedAttempts: 0,
      retryAfterMs: 0,
      settings: { idleLockMinutes, wipeAfterFailures: null },
    })),
  };
}

function fakeRenderer() {
  return { destroyed: false, isDestroyed: vi.fn(), send: vi.fn(), reload: vi.fn() };
}

let running: AutoLock | undefined;

function setUp(idleLockMinutes = 10) {
  const powerMonitor = fakePowerMonitor();
  powerMonitor.getSystemIdleTime.mockImplementation(() => powerMonitor.idleSeconds);
  const vault = fakeVault(idleLockMinutes);
  const renderer = fakeRenderer();
  renderer.isDestroyed.mockImplementation(() => renderer.destroyed);
  let window: typeof renderer | null = renderer;
  running = startAutoLock({
    // The fake carries only the members auto-lock uses.
    powerMonitor: powerMonitor as unknown as AutoLockOptions['powerMonitor'] & PowerMonitor,
    vault: vault as unknown as AutoLockOptions['vault'],
    getRenderer: () => window,
  });
  return {
    powerMonitor,
    vault,
    renderer,
    autoLock: running,
    closeWindow() {
      window = null;
    },
  };
}

const LOCK_CHANNEL = apiEvents.lockRequested.channel;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  running?.stop();
  running = undefined;
  vi.useRealTimers();
});

describe('auto-lock', () => {
  it.each(['suspend', 'lock-screen'])(
    'on %s asks the renderer to lock and locks for it after 3 s',
    async (event) => {
      const { powerMonitor, vault, renderer } = setUp();
      vault.unlock();
      powerMonitor.emit(event);
      expect(renderer.send).toHaveBeenCalledExactlyOnceWith(LOCK_CHANNEL);
      expect(vault.lock).not.toHaveBeenCalled();

      await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS - 1);
      expect(vault.lock).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(vault.lock).toHaveBeenCalledTimes(1);
      expect(vault.keys()).toBeNull();
      expect(renderer.reload).toHaveBeenCalledTimes(1);
    },
  );

  it('does not force anything when the renderer locked in time', async () => {
    const { powerMonitor, vault, renderer } = setUp();
    vault.unlock();
    powerMonitor.emit('suspend');
    await vi.advanceTimersByTimeAsync(1000);
    vault.lock(); // what the renderer's lockVault call does
    vault.lock.mockClear();
    await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS);
    expect(vault.lock).not.toHaveBeenCalled();
    expect(renderer.reload).not.toHaveBeenCalled();
  });

  it('leaves alone a session unlocked after the renderer locked', async () => {
    const { powerMonitor, vault, renderer } = setUp();
    vault.unlock();
    powerMonitor.emit('lock-screen');
    vault.lock();
    vault.unlock();
    vault.lock.mockClear();
    await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS);
    expect(vault.lock).not.toHaveBeenCalled();
    expect(renderer.reload).not.toHaveBeenCalled();
  });

  it('asks again in a new session while an old request is still pending', async () => {
    const { powerMonitor, vault, renderer } = setUp();
    vault.unlock();
    powerMonitor.emit('lock-screen');
    vault.lock();
    vault.unlock();
    await vi.advanceTimersByTimeAsync(1000);
    powerMonitor.emit('suspend');
    expect(renderer.send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS);
    expect(vault.keys()).toBeNull();
    expect(renderer.reload).toHaveBeenCalledTimes(1);
  });

  it('sends nothing while locked; suspend and screen lock still void an unlock in progress', async () => {
    const { powerMonitor, vault, renderer } = setUp();
    powerMonitor.idleSeconds = 3600;
    powerMonitor.emit('suspend');
    powerMonitor.emit('lock-screen');
    await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS * 4 + FORCED_LOCK_DELAY_MS);
    expect(renderer.send).not.toHaveBeenCalled();
    // Once per event, at once: the vault refuses an unlock that was deriving its key.
    expect(vault.lock).toHaveBeenCalledTimes(2);
    expect(renderer.reload).not.toHaveBeenCalled();
  });

  it('asks once when suspend and screen lock arrive together', async () => {
    const { powerMonitor, vault, renderer } = setUp();
    vault.unlock();
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    expect(renderer.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS);
    expect(renderer.reload).toHaveBeenCalledTimes(1);
  });

  it('locks at once when there is no window to ask', () => {
    const { powerMonitor, vault, renderer, closeWindow } = setUp();
    vault.unlock();
    closeWindow();
    powerMonitor.emit('suspend');
    expect(vault.lock).toHaveBeenCalledTimes(1);
    expect(renderer.send).not.toHaveBeenCalled();
  });

  it('locks at once when the window is destroyed', () => {
    const { powerMonitor, vault, renderer } = setUp();
    vault.unlock();
    renderer.destroyed = true;
    powerMonitor.emit('lock-screen');
    expect(vault.lock).toHaveBeenCalledTimes(1);
    expect(renderer.send).not.toHaveBeenCalled();
  });

  describe('idle timeout', () => {
    it('asks for a lock once the idle time reaches the setting', async () => {
      const { powerMonitor, vault, renderer } = setUp(5);
      vault.unlock();
      powerMonitor.idleSeconds = 5 * 60 - 1;
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS);
      expect(renderer.send).not.toHaveBeenCalled();

      powerMonitor.idleSeconds = 5 * 60;
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS);
      expect(renderer.send).toHaveBeenCalledExactlyOnceWith(LOCK_CHANNEL);
      await vi.advanceTimersByTimeAsync(FORCED_LOCK_DELAY_MS);
      expect(vault.lock).toHaveBeenCalledTimes(1);
      expect(renderer.reload).toHaveBeenCalledTimes(1);
    });

    it('reads the setting each time, so a change applies without a restart', async () => {
      const { powerMonitor, vault, renderer } = setUp(10);
      vault.unlock();
      powerMonitor.idleSeconds = 2 * 60;
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS);
      expect(renderer.send).not.toHaveBeenCalled();

      vault.status.mockImplementation(async () => ({
        state: 'unlocked',
        failedAttempts: 0,
        retryAfterMs: 0,
        settings: { idleLockMinutes: 1, wipeAfterFailures: null },
      }));
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS);
      expect(renderer.send).toHaveBeenCalledTimes(1);
    });

    it('does not read the settings while the user is active', async () => {
      const { powerMonitor, vault } = setUp();
      vault.unlock();
      powerMonitor.idleSeconds = 59;
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS * 3);
      expect(powerMonitor.getSystemIdleTime).toHaveBeenCalledTimes(3);
      expect(vault.status).not.toHaveBeenCalled();
    });

    it('does not poll the idle time while locked', async () => {
      const { powerMonitor } = setUp();
      powerMonitor.idleSeconds = 3600;
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS * 3);
      expect(powerMonitor.getSystemIdleTime).not.toHaveBeenCalled();
    });

    it('fails closed at one minute when the settings cannot be read', async () => {
      const { powerMonitor, vault, renderer } = setUp(10);
      vault.unlock();
      vault.status.mockRejectedValue(new Error('EIO'));
      powerMonitor.idleSeconds = 61;
      await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS);
      expect(renderer.send).toHaveBeenCalledTimes(1);
    });
  });

  it('stop removes the listeners, the poll and a pending forced lock', async () => {
    const { powerMonitor, vault, renderer, autoLock } = setUp(1);
    vault.unlock();
    powerMonitor.emit('suspend');
    autoLock.stop();
    expect(powerMonitor.listenerCount('suspend')).toBe(0);
    expect(powerMonitor.listenerCount('lock-screen')).toBe(0);
    powerMonitor.idleSeconds = 3600;
    await vi.advanceTimersByTimeAsync(IDLE_POLL_INTERVAL_MS * 2);
    expect(powerMonitor.getSystemIdleTime).not.toHaveBeenCalled();
    expect(renderer.reload).not.toHaveBeenCalled();
    expect(renderer.send).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

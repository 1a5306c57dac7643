import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiEvents } from '../../src/domain/api';
import { sendApiEvent, type EventReceiver } from './renderer-events';

function receiver(destroyed = false) {
  return {
    isDestroyed: vi.fn(() => destroyed),
    send: vi.fn((_channel: string, ..._args: unknown[]) => undefined),
  } satisfies EventReceiver;
}

const PROGRESS = { jobId: 'Ab_-0123456789xyzQ', bytesDone: 65_536, bytesTotal: 1_048_576 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sendApiEvent', () => {
  it('sends a progress payload that matches the contract on its channel', () => {
    const target = receiver();
    expect(sendApiEvent(target, 'evidenceProgress', PROGRESS)).toBe(true);
    expect(target.send).toHaveBeenCalledExactlyOnceWith(
      apiEvents.evidenceProgress.channel,
      PROGRESS,
    );
  });

  it('sends only the declared fields', () => {
    const target = receiver();
    sendApiEvent(target, 'evidenceProgress', { ...PROGRESS, path: '/home/monitor/марш.mp4' });
    expect(target.send.mock.calls[0]?.[1]).toEqual(PROGRESS);
  });

  it.each([
    ['a negative byte count', { ...PROGRESS, bytesDone: -1 }],
    ['a job id that is a path', { ...PROGRESS, jobId: '/home/monitor/марш.mp4' }],
    ['a fraction of a byte', { ...PROGRESS, bytesTotal: 1.5 }],
    ['nothing', undefined],
  ])('sends nothing for a payload with %s', (_label, payload) => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const target = receiver();
    expect(sendApiEvent(target, 'evidenceProgress', payload)).toBe(false);
    expect(target.send).not.toHaveBeenCalled();
    expect(console.error).toHaveBeenCalledWith(expect.not.stringContaining('марш'));
  });

  it('sends an event without payload with the channel alone', () => {
    const target = receiver();
    expect(sendApiEvent(target, 'lockRequested', undefined)).toBe(true);
    expect(target.send).toHaveBeenCalledExactlyOnceWith(apiEvents.lockRequested.channel);
    expect(sendApiEvent(target, 'lockRequested', { now: true })).toBe(false);
  });

  it('sends nothing when there is no window or it is gone', () => {
    expect(sendApiEvent(null, 'evidenceProgress', PROGRESS)).toBe(false);
    const gone = receiver(true);
    expect(sendApiEvent(gone, 'evidenceProgress', PROGRESS)).toBe(false);
    expect(gone.send).not.toHaveBeenCalled();
  });
});
